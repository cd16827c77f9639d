/**
 * The page's only script, inline and allowed by its hash. Plain ES2017 in a string because it
 * runs in the browser, not in Node: it must not use backticks or `${`, which would end or
 * interpolate this template literal (a unit test checks the page's CSP hash against it).
 *
 * It reads everything it needs from the forms' data attributes, so it knows no route by name.
 */
export const CLIENT_SCRIPT = `
(function () {
  'use strict';
  var TOKEN_KEY = 'distribution-docs.token';
  var JOB_NS = 'http://job.opencastproject.org';
  var DONE = { FINISHED: true, FAILED: true };
  // The page is <base>/docs: the base is the API Gateway stage path (or nothing), so relative
  // requests reach the same deployment whatever domain or stage served the page.
  var base = location.pathname.replace(/\\/docs\\/?$/, '');

  function one(selector, root) { return (root || document).querySelector(selector); }
  function all(selector, root) { return Array.prototype.slice.call((root || document).querySelectorAll(selector)); }

  var baseOut = one('#base-url');
  if (baseOut) baseOut.textContent = location.origin + base;

  var tokens = all('input.token');
  var saved = null;
  try { saved = sessionStorage.getItem(TOKEN_KEY); } catch (e) { /* storage disabled: no memory */ }
  tokens.forEach(function (input) {
    if (saved) input.value = saved;
    input.addEventListener('input', function () {
      tokens.forEach(function (other) { if (other !== input) other.value = input.value; });
      try { sessionStorage.setItem(TOKEN_KEY, input.value); } catch (e) { /* as above */ }
    });
  });

  function fillPath(template, form) {
    return template.replace(/\\{([^{}+]+)(\\+?)\\}/g, function (match, name, greedy) {
      var field = form.elements.namedItem(name);
      var value = field ? field.value.trim() : '';
      if (!value) throw new Error('Fill in ' + name + ' first.');
      // A greedy variable keeps its slashes: the route takes the rest of the path.
      return greedy ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
    });
  }

  function headersOf(form) {
    var headers = {};
    var token = one('input.token', form);
    if (token && token.value.trim()) headers.Authorization = 'Bearer ' + token.value.trim();
    var accept = one('select.accept', form);
    if (accept) headers.Accept = accept.value;
    return headers;
  }

  function wantsJson(form) {
    var accept = one('select.accept', form);
    return Boolean(accept && accept.value === 'application/json');
  }

  function escapeText(value) {
    return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }
  function escapeAttribute(value) {
    return escapeText(value).replace(/"/g, '&quot;');
  }

  function writeXml(node, depth, lines) {
    var pad = '  '.repeat(depth);
    var open = '<' + node.nodeName;
    for (var i = 0; i < node.attributes.length; i++) {
      open += ' ' + node.attributes[i].name + '="' + escapeAttribute(node.attributes[i].value) + '"';
    }
    var children = Array.prototype.filter.call(node.childNodes, function (child) {
      return child.nodeType === 1 || ((child.nodeType === 3 || child.nodeType === 4) && child.nodeValue.trim() !== '');
    });
    if (children.length === 0) { lines.push(pad + open + ' />'); return; }
    if (children.every(function (child) { return child.nodeType !== 1; })) {
      lines.push(pad + open + '>' + escapeText(node.textContent.trim()) + '</' + node.nodeName + '>');
      return;
    }
    lines.push(pad + open + '>');
    children.forEach(function (child) {
      if (child.nodeType === 1) writeXml(child, depth + 1, lines);
      else lines.push(pad + '  ' + escapeText(child.nodeValue.trim()));
    });
    lines.push(pad + '</' + node.nodeName + '>');
  }

  function prettyXml(text) {
    var source = text.trim();
    if (!source) return source;
    var doc = new DOMParser().parseFromString(source, 'application/xml');
    if (doc.getElementsByTagName('parsererror').length > 0) return source;
    var declaration = /^<\\?xml[^>]*\\?>/.exec(source);
    var lines = declaration ? [declaration[0]] : [];
    writeXml(doc.documentElement, 0, lines);
    return lines.join('\\n');
  }

  function pretty(body, type) {
    if (!body) return '';
    if (/json/i.test(type)) {
      try { return JSON.stringify(JSON.parse(body), null, 2); } catch (e) { return body; }
    }
    // An element array is XML documents joined by ###; each is indented on its own.
    if (/xml/i.test(type)) return body.split('###').map(prettyXml).join('\\n###\\n');
    return body;
  }

  function jobOf(body, type) {
    if (/json/i.test(type)) {
      try {
        var job = JSON.parse(body).job;
        return job && job.id !== undefined ? { id: String(job.id), status: job.status, payload: job.payload, reason: job.failureReason } : null;
      } catch (e) { return null; }
    }
    var doc = new DOMParser().parseFromString(body, 'application/xml');
    var root = doc.documentElement;
    if (!root || root.localName !== 'job' || root.namespaceURI !== JOB_NS) return null;
    var text = function (name) {
      var found = root.getElementsByTagNameNS(JOB_NS, name)[0];
      return found ? found.textContent : undefined;
    };
    return { id: root.getAttribute('id'), status: root.getAttribute('status'), payload: text('payload'), reason: text('failureReason') };
  }

  function show(form, line, isError, body) {
    var status = one('.result .status', form);
    var pre = one('.result pre', form);
    status.textContent = '';
    if (line.code !== undefined) {
      var code = document.createElement('strong');
      code.className = 'code ' + (isError ? 'error' : 'ok');
      code.textContent = String(line.code);
      status.appendChild(code);
      status.appendChild(document.createTextNode(' '));
    }
    status.appendChild(document.createTextNode(line.text));
    // textContent, never innerHTML: the body is shown, not interpreted.
    one('code', pre).textContent = body === undefined ? '' : body || '(empty body)';
    pre.hidden = body === undefined;
  }

  function request(form, method, path, init) {
    var url = base + path;
    var buttons = all('button', form);
    buttons.forEach(function (b) { b.disabled = true; });
    form.setAttribute('aria-busy', 'true');
    show(form, { text: method + ' ' + url + ' …' }, false);
    init.method = method;
    return fetch(url, init).then(function (response) {
      return response.text().then(function (body) {
        var type = response.headers.get('content-type') || '';
        var retry = response.headers.get('retry-after');
        var text = (response.statusText ? response.statusText + ' · ' : '') + method + ' ' + url +
          (type ? ' · ' + type : '') + (retry ? ' · Retry-After: ' + retry + ' s' : '');
        show(form, { code: response.status, text: text }, !response.ok, pretty(body, type));
        return { ok: response.ok, body: body, type: type };
      });
    }, function (error) {
      show(form, { text: method + ' ' + url + ' failed: ' + error.message }, true);
      return null;
    }).then(function (result) {
      buttons.forEach(function (b) { b.disabled = false; });
      form.removeAttribute('aria-busy');
      return result;
    });
  }

  function showJob(form, job) {
    var panel = one('.job', form);
    if (!panel) return;
    panel.hidden = false;
    panel.setAttribute('data-job-id', job.id);
    one('.job-id', panel).textContent = job.id;
    one('.job-status', panel).textContent = job.status + (job.reason ? ': ' + job.reason : '');
    var payload = one('.job-payload', panel);
    one('code', payload).textContent = job.payload ? pretty(job.payload, 'text/xml') : '';
    payload.hidden = !job.payload;
  }

  function poll(form) {
    var panel = one('.job', form);
    var id = panel.getAttribute('data-job-id');
    clearTimeout(panel.timer);
    var path = '/jobs/' + encodeURIComponent(id) + (wantsJson(form) ? '.json' : '.xml');
    return request(form, 'GET', path, { headers: headersOf(form) }).then(function (result) {
      var job = result && result.ok ? jobOf(result.body, result.type) : null;
      if (!job) return;
      showJob(form, job);
      if (!DONE[job.status] && one('.auto-poll', panel).checked) {
        panel.timer = setTimeout(function () { poll(form); }, 1000);
      }
    });
  }

  all('form.try-form').forEach(function (form) {
    var panel = one('.job', form);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (panel) { clearTimeout(panel.timer); panel.hidden = true; }
      var method = form.getAttribute('data-method');
      var choice = one('select.path-choice', form);
      var path;
      try {
        path = fillPath(choice ? choice.value : form.getAttribute('data-path'), form);
      } catch (error) {
        show(form, { text: error.message }, true);
        return;
      }
      var init = { headers: headersOf(form) };
      // Only the named controls are the route's parameters; token and Accept travel as headers.
      if (method === 'POST') init.body = new URLSearchParams(new FormData(form));
      request(form, method, path, init).then(function (result) {
        var job = panel && result && result.ok ? jobOf(result.body, result.type) : null;
        if (!job) return;
        showJob(form, job);
        if (one('.auto-poll', panel).checked) panel.timer = setTimeout(function () { poll(form); }, 1000);
      });
    });
    if (!panel) return;
    one('.poll', panel).addEventListener('click', function () { poll(form); });
    one('.auto-poll', panel).addEventListener('change', function (event) {
      var status = one('.job-status', panel).textContent.split(':')[0];
      if (event.target.checked && !DONE[status]) poll(form);
      else clearTimeout(panel.timer);
    });
  });
})();
`;
