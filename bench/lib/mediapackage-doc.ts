/**
 * A synthetic mediapackage of `count` tracks as Opencast writes them (flavor, ref, tags,
 * checksum, size, duration, audio and video stream info), about 600 bytes per track.
 */
export function richMediapackage(count: number): { xml: string; ids: string[] } {
  const track = (i: number) =>
    `<track id="track-${i}" type="presenter/source" ref="track:source-${i}"><mimetype>video/mp4</mimetype>` +
    `<tags><tag>archive</tag><tag>engage</tag></tags><url>http://example.org/a&amp;b/video-${i}.mp4</url>` +
    `<checksum type="md5">43b7d843b02c4a429b2f547a4f230d31</checksum><size>123456</size><duration>49040</duration>` +
    `<audio id="audio-1"><device /><encoder type="AAC" /><channels>2</channels><bitrate>62256.0</bitrate></audio>` +
    `<video id="video-1"><device /><encoder type="AVC" /><bitrate>2433280.0</bitrate><framerate>24.98</framerate>` +
    `<resolution>1920x1080</resolution><scantype type="Progressive" /></video><live>false</live></track>`;
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<mediapackage xmlns="http://mediapackage.opencastproject.org" id="mp">\n  <media>\n' +
    Array.from({ length: count }, (_, i) => `    ${track(i)}`).join('\n') +
    '\n  </media>\n</mediapackage>';
  return { xml, ids: Array.from({ length: count }, (_, i) => `track-${i}`) };
}
