/**
 * What the testing forms and the OpenAPI examples are prefilled with: a mediapackage that
 * works against a fresh local stack once `media.mov` is in the workspace bucket.
 *
 * Opencast's own download-distribution test fixture (modules/distribution-service-download,
 * src/test/resources/mediapackage.xml, ECL-2.0), unchanged: its URLs are relative, so they
 * resolve against SOURCE_BASE_URL (`media.mov` → `s3://workspace/media.mov`), and its id
 * `10.0000/1` shows how a `/` inside a mediapackage id travels through the paths.
 */
export const SAMPLE_MEDIAPACKAGE = `<mediapackage xmlns="http://mediapackage.opencastproject.org" id="10.0000/1" start="2007-12-05T13:40:00" duration="1004400000">
  <media>
    <track id="track-1" type="presentation/source">
      <mimetype>video/quicktime</mimetype>
      <url>media.mov</url>
      <checksum type="md5">43b7d843b02c4a429b2f547a4f230d31</checksum>
      <duration>1004400000</duration>
      <video>
        <device type="UFG03" version="30112007" vendor="Unigraf" />
        <encoder type="H.264" version="7.4" vendor="Apple Inc" />
        <resolution>640x480</resolution>
        <scanType type="progressive" />
        <bitrate>540520</bitrate>
        <frameRate>2</frameRate>
      </video>
    </track>
  </media>
  <metadata>
    <catalog id="catalog-1" type="dublincore/episode">
      <mimetype>text/xml</mimetype>
      <url>dublincore.xml</url>
      <checksum type="md5">2b8a52878c536e64e20e309b5d7c1070</checksum>
    </catalog>
    <catalog id="catalog-2" type="metadata/mpeg-7" ref="track:track-1">
      <mimetype>text/xml</mimetype>
      <url>mpeg7.xml</url>
      <checksum type="md5">2b8a52878c536e64e20e309b5d7c1070</checksum>
    </catalog>
  </metadata>
  <attachments>
    <attachment id="notes" type="attachment/notes">
      <mimetype>text/plain</mimetype>
      <url>attachment.txt</url>
      <checksum type="md5">6d535f61a1b31a3edeb01be0951a2b4e</checksum>
    </attachment>
  </attachments>
</mediapackage>
`;

export const SAMPLE_MEDIAPACKAGE_ID = '10.0000/1';

/** The workspace object the sample's `track-1` points at. */
export const SAMPLE_SOURCE_KEY = 'media.mov';

/**
 * Values for parameters the route table gives no example for. The route table's own examples
 * win, so the forms and the OpenAPI document show the same thing.
 */
export const SAMPLE_VALUES: Readonly<Record<string, string>> = {
  mediapackage: SAMPLE_MEDIAPACKAGE,
};
