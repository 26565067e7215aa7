// Governor's web UI: local times and charts. No inline scripts anywhere (the pages' CSP forbids
// them); everything the browser runs is in this file and the vendored htmx and uPlot.
(function () {
  'use strict';

  var absolute = new Intl.DateTimeFormat(undefined, {
    year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit'
  });
  var full = new Intl.DateTimeFormat(undefined, {
    dateStyle: 'full', timeStyle: 'long'
  });

  function relative(date, now) {
    var minutes = Math.round((date.getTime() - now) / 60000);
    var abs = Math.abs(minutes);
    var text;
    if (abs < 1) return 'just now';
    if (abs < 60) text = abs + ' min';
    else if (abs < 48 * 60) text = Math.round(abs / 60) + ' h';
    else text = Math.round(abs / 1440) + ' days';
    return minutes > 0 ? 'in ' + text : text + ' ago';
  }

  /** Rewrites every <time datetime> under root in the browser's time zone. */
  function localTimes(root) {
    var now = Date.now();
    (root || document).querySelectorAll('time[datetime]').forEach(function (el) {
      var date = new Date(el.getAttribute('datetime'));
      if (isNaN(date.getTime())) return;
      var text = absolute.format(date);
      if (el.hasAttribute('data-relative')) text = relative(date, now) + ' (' + text + ')';
      el.textContent = text;
      el.title = full.format(date);
    });
  }

  function css(name, fallback) {
    var v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return v || fallback;
  }

  function axes(yLabel, format) {
    var fg = css('--muted', '#666');
    var grid = css('--grid', 'rgba(128,128,128,.2)');
    return [
      { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } },
      { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, label: yLabel,
        size: 64, values: function (u, vals) { return vals.map(format); } }
    ];
  }

  function pct(digits) {
    return function (v) { return v == null ? '–' : v.toFixed(digits) + '%'; };
  }

  /**
   * A uPlot plugin that puts one marker per deployment over the plotting area: a dashed vertical
   * line whose title (shown on hover) names the version. DOM elements rather than canvas strokes,
   * so the hover needs no cursor arithmetic; positions are set through the CSSOM, which the CSP allows.
   */
  function deployMarkers(markers) {
    function place(u) {
      u.over.querySelectorAll('.deploy-marker').forEach(function (m) { m.remove(); });
      var min = u.scales.x.min, max = u.scales.x.max;
      (markers || []).forEach(function (d) {
        var x = Date.parse(d.at) / 1000;
        if (!(x >= min && x <= max)) return;
        var m = document.createElement('div');
        m.className = 'deploy-marker';
        m.style.left = u.valToPos(x, 'x') + 'px';
        m.title = 'Deploy ' + d.version + ' (' + d.id + ') at ' + absolute.format(new Date(d.at));
        m.setAttribute('data-version', d.version);
        u.over.appendChild(m);
      });
    }
    return { hooks: { draw: [place] } };
  }

  /**
   * A uPlot plugin that shades each stretch a budget adjustment leaves out, with its name and
   * reason as the title: DOM elements like the deploy markers, so they need no canvas arithmetic.
   */
  function adjustedPeriods(periods) {
    function place(u) {
      u.over.querySelectorAll('.adjusted-period').forEach(function (m) { m.remove(); });
      var min = u.scales.x.min, max = u.scales.x.max;
      (periods || []).forEach(function (p) {
        var from = Math.max(min, Date.parse(p.from) / 1000), to = Math.min(max, Date.parse(p.to) / 1000);
        if (!(to > from)) return;
        var m = document.createElement('div');
        m.className = 'adjusted-period';
        m.style.left = u.valToPos(from, 'x') + 'px';
        m.style.width = Math.max(2, u.valToPos(to, 'x') - u.valToPos(from, 'x')) + 'px';
        m.title = 'Budget adjustment ' + p.adjustment + ': ' + p.reason + ' (' + absolute.format(new Date(p.from))
          + ' to ' + absolute.format(new Date(p.to)) + '); these minutes do not count';
        m.setAttribute('data-adjustment', p.adjustment);
        u.over.appendChild(m);
      });
    }
    return { hooks: { draw: [place] } };
  }

  function sliChart(el, series, width, markers, adjusted) {
    var xs = [], ys = [], target = [];
    var t = parseFloat(series.target) * 100;
    series.points.forEach(function (p) {
      xs.push(Date.parse(p.at) / 1000);
      ys.push(p.attainment == null ? null : p.attainment * 100);
      target.push(t);
    });
    var lowest = ys.reduce(function (m, v) { return v == null ? m : Math.min(m, v); }, t);
    var span = Math.max(100 - lowest, 100 - t) * 1.15;
    var digits = t >= 99.9 ? 3 : t >= 99 ? 2 : 1;
    return new uPlot({
      width: width, height: 220, plugins: [adjustedPeriods(adjusted), deployMarkers(markers)],
      scales: { y: { range: [Math.max(0, 100 - span), 100] } },
      axes: axes('SLI', pct(Math.min(digits, 2))),
      series: [
        {},
        { label: 'SLI', stroke: css('--chart-1', '#2563eb'), width: 2, spanGaps: true,
          fill: css('--chart-1-fill', 'rgba(37,99,235,.08)'), value: function (u, v) { return pct(digits)(v); } },
        { label: 'Objective ' + (+t.toFixed(4)) + '%', stroke: css('--chart-target', '#dc2626'), width: 1.5,
          dash: [6, 4], points: { show: false }, value: function (u, v) { return pct(digits)(v); } }
      ]
    }, [xs, ys, target], el);
  }

  function budgetChart(el, series, width, markers, adjusted) {
    var xs = [], left = [], ideal = [];
    series.points.forEach(function (p) {
      xs.push(Date.parse(p.at) / 1000);
      left.push(p.budgetRemaining == null ? null : p.budgetRemaining * 100);
      ideal.push(p.idealBudgetRemaining == null ? null : p.idealBudgetRemaining * 100);
    });
    var low = Math.min(0, left.reduce(function (m, v) { return v == null ? m : Math.min(m, v); }, 0));
    return new uPlot({
      width: width, height: 220, plugins: [adjustedPeriods(adjusted), deployMarkers(markers)],
      scales: { y: { range: [Math.floor(low / 10) * 10, 100] } },
      axes: axes('Budget left', pct(0)),
      series: [
        {},
        { label: 'Budget left', stroke: css('--chart-2', '#059669'), width: 2,
          fill: css('--chart-2-fill', 'rgba(5,150,105,.10)'), value: function (u, v) { return pct(1)(v); } },
        { label: 'Steady 1× burn', stroke: css('--muted', '#888'), width: 1.5, dash: [6, 4],
          points: { show: false }, value: function (u, v) { return pct(1)(v); } }
      ]
    }, [xs, left, ideal], el);
  }

  function fixed(v, digits) {
    return v == null ? '–' : (+v).toFixed(digits);
  }

  /** Fills the "Budget by deployment" table of the SLO page from the attribution JSON. */
  function attributionTable(section, data) {
    var status = section.querySelector('.attribution-status');
    var table = section.querySelector('.attribution-table');
    var body = table.querySelector('tbody');
    var rows = 0;
    data.objectives.forEach(function (o) {
      o.deployments.forEach(function (d) {
        var tr = document.createElement('tr');
        if (d.burnRateRose) tr.className = 'rose';
        tr.setAttribute('data-deployment', d.id);
        var cells = [
          [d.version], [o.objective], [absolute.format(new Date(d.liveFrom))],
          [absolute.format(new Date(d.liveUntil))],
          [fixed(d.spent, o.budgetUnit === 'events' ? 0 : 1) + ' ' + o.budgetUnit, 'r num'],
          [fixed(d.budgetShare * 100, 1) + '%', 'r num'],
          [fixed(d.burnRateBefore, 2) + '× → ' + fixed(d.burnRateAfter, 2) + '×', 'r num burn'],
          [d.burnRateRose ? 'yes' : 'no']
        ];
        cells.forEach(function (c) {
          var td = document.createElement('td');
          td.textContent = c[0];
          if (c[1]) td.className = c[1];
          tr.appendChild(td);
        });
        body.appendChild(tr);
        rows++;
      });
    });
    if (rows) {
      table.hidden = false;
      status.textContent = 'Environment ' + data.environment + '; each deployment owns the time until the next one. '
        + 'Burn is compared over the hour (or the live span, if shorter) before and after it.';
    } else {
      status.textContent = 'No deployment of ' + data.service + ' in this range.';
    }
  }

  /**
   * A capacity signal: the hourly history, the forecast's mean and its band (filled between the
   * upper and lower edges), the limit as a dashed line, and a marker where the mean crosses it.
   */
  function capacityChart(el, data, width) {
    var xs = [], history = [], mean = [], lower = [], upper = [], limit = [];
    var lim = data.summary.limit ? (data.summary.limit.max != null ? data.summary.limit.max : data.summary.limit.min) : null;
    data.history.forEach(function (p) {
      xs.push(p[0]); history.push(p[1]); mean.push(null); lower.push(null); upper.push(null); limit.push(lim);
    });
    data.forecast.forEach(function (p) {
      xs.push(p[0]); history.push(null); mean.push(p[1]); lower.push(p[2]); upper.push(p[3]); limit.push(lim);
    });
    var format = function (v) { return v == null ? '–' : (Math.abs(v) >= 1000 ? v.toFixed(0) : v.toFixed(1)); };
    var crossing = data.summary.crossing ? [{ at: data.summary.crossing.at, version: 'limit crossed', id: 'forecast mean' }] : [];
    var band = Math.round((data.confidence || 0) * 100) + '% band';
    return new uPlot({
      width: width, height: 240, plugins: [deployMarkers(crossing)],
      axes: axes(data.summary.unit || 'value', format),
      bands: [{ series: [4, 3], fill: css('--chart-1-fill', 'rgba(37,99,235,.08)') }],
      series: [
        {},
        { label: 'History', stroke: css('--chart-2', '#059669'), width: 1.5, spanGaps: false, value: function (u, v) { return format(v); } },
        { label: 'Forecast', stroke: css('--chart-1', '#2563eb'), width: 2, dash: [4, 3], points: { show: false }, value: function (u, v) { return format(v); } },
        { label: band + ' (low)', stroke: css('--chart-1-fill', 'rgba(37,99,235,.3)'), width: 1, points: { show: false }, value: function (u, v) { return format(v); } },
        { label: band + ' (high)', stroke: css('--chart-1-fill', 'rgba(37,99,235,.3)'), width: 1, points: { show: false }, value: function (u, v) { return format(v); } },
        { label: 'Limit', stroke: css('--chart-target', '#dc2626'), width: 1.5, dash: [6, 4], points: { show: false }, value: function (u, v) { return format(v); } }
      ]
    }, [xs, history, mean, lower, upper, limit], el);
  }

  function drawCapacityCharts() {
    if (typeof uPlot === 'undefined') return;
    document.querySelectorAll('figure[data-chart="capacity"]').forEach(function (f) {
      var plot = f.querySelector('.plot');
      getJson(f.getAttribute('data-url')).then(function (data) {
        if (!data.history.length && !data.forecast.length) {
          plot.textContent = 'No data yet.';
          return;
        }
        capacityChart(plot, data, Math.max(280, plot.clientWidth));
        f.setAttribute('data-drawn', 'true');
      }).catch(function (e) {
        plot.textContent = 'The chart could not load its data (' + e.message + ').';
        f.setAttribute('data-drawn', 'failed');
      });
    });
  }

  /**
   * A probe's latency, run by run, oldest first: passed runs on one series and failed runs on
   * another (red points), so a failure that took its whole timeout stands out from slow successes.
   */
  function drawProbeCharts() {
    if (typeof uPlot === 'undefined') return;
    document.querySelectorAll('figure[data-chart="probe"]').forEach(function (f) {
      var plot = f.querySelector('.plot');
      getJson(f.getAttribute('data-url')).then(function (data) {
        var runs = data.results.slice().reverse();
        if (!runs.length) {
          plot.textContent = 'No runs yet.';
          f.setAttribute('data-drawn', 'empty');
          return;
        }
        var xs = [], passed = [], failed = [];
        // A stretch without runs (the server was down) is drawn as a gap, never bridged as if all was well.
        var interval = Number(f.getAttribute('data-interval-s')) || 60;
        runs.forEach(function (r, i) {
          var t = Date.parse(r.startedAt) / 1000;
          if (i > 0 && t - xs[xs.length - 1] > 2.5 * interval) {
            xs.push(xs[xs.length - 1] + interval); passed.push(null); failed.push(null);
          }
          xs.push(t);
          passed.push(r.outcome === 'down' ? null : r.latencyMs);
          failed.push(r.outcome === 'down' ? r.latencyMs : null);
        });
        var format = function (v) { return v == null ? '–' : (v >= 1000 ? (v / 1000).toFixed(2) + ' s' : v.toFixed(0) + ' ms'); };
        new uPlot({
          width: Math.max(280, plot.clientWidth), height: 220, axes: axes('latency', format),
          series: [
            {},
            { label: 'Passed', stroke: css('--chart-1', '#2563eb'), width: 1.5, spanGaps: false, value: function (u, v) { return format(v); } },
            { label: 'Failed', stroke: css('--chart-target', '#dc2626'), width: 0, points: { show: true, size: 6, fill: css('--chart-target', '#dc2626') }, value: function (u, v) { return format(v); } }
          ]
        }, [xs, passed, failed], plot);
        f.setAttribute('data-drawn', 'true');
      }).catch(function (e) {
        plot.textContent = 'The chart could not load its data (' + e.message + ').';
        f.setAttribute('data-drawn', 'failed');
      });
    });
  }

  function getJson(url) {
    return fetch(url, { headers: { Accept: 'application/json' } }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    });
  }

  function drawCharts() {
    drawCapacityCharts();
    drawProbeCharts();
    var figures = document.querySelectorAll('figure[data-chart="sli"], figure[data-chart="budget"]');
    // The attribution feeds both the table and the charts' deploy markers; charts draw without
    // markers when it cannot load.
    var section = document.querySelector('[data-attribution-url]');
    var attribution = section ? getJson(section.getAttribute('data-attribution-url')) : Promise.resolve(null);
    if (section) {
      attribution.then(function (data) { attributionTable(section, data); }, function (e) {
        section.querySelector('.attribution-status').textContent = 'The deployments could not load (' + e.message + ').';
      });
    }
    var markers = attribution.then(function (data) { return data ? data.markers : []; }, function () { return []; });
    if (!figures.length || typeof uPlot === 'undefined') return;
    var byUrl = {};
    figures.forEach(function (f) {
      var url = f.getAttribute('data-url');
      (byUrl[url] = byUrl[url] || []).push(f);
    });
    Object.keys(byUrl).forEach(function (url) {
      Promise.all([getJson(url), markers])
        .then(function (both) {
          var data = both[0];
          byUrl[url].forEach(function (f) {
            var series = data.objectives.find(function (o) { return o.name === f.getAttribute('data-objective'); });
            var plot = f.querySelector('.plot');
            if (!series || !series.points.length) {
              plot.textContent = 'No data in this range.';
              return;
            }
            var width = Math.max(280, plot.clientWidth);
            var chart = f.getAttribute('data-chart') === 'sli'
              ? sliChart(plot, series, width, both[1], data.adjusted) : budgetChart(plot, series, width, both[1], data.adjusted);
            f.setAttribute('data-drawn', 'true');
            if (typeof ResizeObserver !== 'undefined') {
              new ResizeObserver(function () {
                var w = Math.max(280, plot.clientWidth);
                if (Math.abs(w - chart.width) > 2) chart.setSize({ width: w, height: 220 });
              }).observe(plot);
            }
          });
        })
        .catch(function (e) {
          byUrl[url].forEach(function (f) {
            f.querySelector('.plot').textContent = 'The chart could not load its data (' + e.message + ').';
            f.setAttribute('data-drawn', 'failed');
          });
        });
    });
  }

  /** The share bars of a composite's steps: widths through the CSSOM, which the CSP allows. */
  function shareBars() {
    document.querySelectorAll('.share-fill[data-share]').forEach(function (f) {
      var share = parseFloat(f.getAttribute('data-share'));
      f.style.width = (isFinite(share) ? Math.max(0, Math.min(1, share)) * 100 : 0) + '%';
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    localTimes(document);
    shareBars();
    drawCharts();
  });
  // htmx swaps in the overview every few seconds: localise the new times too.
  document.addEventListener('htmx:load', function (e) { localTimes(e.target); });

  // ----- Actions. A <form data-api="/api/v1/..."> posts its fields as JSON to the API, the same
  // routes the CLI uses, so a button in the UI has the same checks, audit and timeline entry. The
  // session's CSRF token (a <meta> the layout writes) goes in a header; the route refuses without it.
  // Fields named with a trailing [] become arrays, one item a line. On success the page reloads (or
  // goes to data-next); a refusal shows the problem's detail in the form's .form-error.

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute('content') : '';
  }

  function formJson(form) {
    var body = {};
    new FormData(form).forEach(function (value, key) {
      if (key === '_csrf') return;
      if (key.slice(-2) === '[]') {
        var items = String(value).split('\n').map(function (l) { return l.trim(); }).filter(Boolean);
        if (items.length) body[key.slice(0, -2)] = items;
      } else if (value !== '') {
        body[key] = value;
      }
    });
    return JSON.stringify(body);
  }

  function showError(form, text) {
    var box = form.querySelector('.form-error');
    if (!box) {
      box = document.createElement('p');
      box.className = 'form-error signin-error';
      box.setAttribute('role', 'alert');
      form.appendChild(box);
    }
    box.textContent = text;
  }

  async function send(url, method, type, body) {
    var response = await fetch(url, {
      method: method, credentials: 'same-origin',
      headers: {'Content-Type': type, 'Accept': 'application/json, application/problem+json', 'X-CSRF-Token': csrfToken()},
      body: body
    });
    var json = null;
    try { json = await response.json(); } catch (e) { json = null; }
    return {ok: response.ok, status: response.status, json: json};
  }

  function problemText(result) {
    var p = result.json || {};
    var text = p.detail || ('the server answered ' + result.status);
    (p.problems || []).forEach(function (x) {
      text += '\n' + (x.line ? 'line ' + x.line + ': ' : '') + (x.path ? x.path + ': ' : '') + x.message;
    });
    return text;
  }

  document.addEventListener('submit', async function (event) {
    var form = event.target;
    if (!form.matches || !form.matches('form[data-api]')) return;
    event.preventDefault();
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    var button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = true;
    try {
      var result = await send(form.getAttribute('data-api'), form.dataset.method || 'POST', 'application/json',
        form.dataset.method === 'DELETE' ? null : formJson(form));
      if (result.ok && form.dataset.show) {
        // A secret shown once (a new token): on the page, not lost to a reload.
        var shown = form.querySelector('.shown');
        shown.textContent = (result.json || {})[form.dataset.show] || '';
        shown.hidden = false;
      } else if (result.ok) {
        window.location.assign(form.dataset.next || window.location.pathname + window.location.search);
      } else {
        showError(form, problemText(result));
      }
    } catch (e) {
      showError(form, 'the server did not answer: ' + e);
    } finally {
      if (button) button.disabled = false;
    }
  });

  // ----- The SLO editor: Preview validates on the server (a dry run) and shows the change as a
  // line diff; Apply is enabled only after a clean preview of the text as it is now.

  function diffLines(before, after) {
    var a = before.split('\n'), b = after.split('\n');
    var n = a.length, m = b.length, i, j;
    var lcs = [];
    for (i = 0; i <= n; i++) lcs.push(new Array(m + 1).fill(0));
    for (i = n - 1; i >= 0; i--) for (j = m - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    var out = [];
    i = 0; j = 0;
    while (i < n && j < m) {
      if (a[i] === b[j]) { out.push([' ', a[i]]); i++; j++; }
      else if (lcs[i + 1][j] >= lcs[i][j + 1]) { out.push(['-', a[i]]); i++; }
      else { out.push(['+', b[j]]); j++; }
    }
    for (; i < n; i++) out.push(['-', a[i]]);
    for (; j < m; j++) out.push(['+', b[j]]);
    return out;
  }

  function setupEditor(editor) {
    var text = editor.querySelector('textarea');
    var original = text.value;
    var preview = editor.querySelector('[data-preview]');
    var apply = editor.querySelector('[data-apply]');
    var diff = editor.querySelector('.diff');
    var errors = editor.querySelector('.editor-errors');
    var previewed = null;
    apply.disabled = true;
    text.addEventListener('input', function () { apply.disabled = text.value !== previewed; });
    preview.addEventListener('click', async function () {
      errors.textContent = '';
      diff.textContent = '';
      var result = await send('/api/v1/slos?dryRun=true', 'POST', 'application/yaml', text.value);
      if (!result.ok) { errors.textContent = problemText(result); apply.disabled = true; return; }
      diffLines(original, text.value).forEach(function (line) {
        var div = document.createElement('div');
        div.className = line[0] === '+' ? 'add' : line[0] === '-' ? 'del' : '';
        div.textContent = line[0] + ' ' + line[1];
        diff.appendChild(div);
      });
      previewed = text.value;
      apply.disabled = false;
    });
    apply.addEventListener('click', async function () {
      var result = await send('/api/v1/slos', 'POST', 'application/yaml', text.value);
      if (result.ok) window.location.assign(editor.dataset.next);
      else errors.textContent = problemText(result);
    });
  }

  document.querySelectorAll('[data-slo-editor]').forEach(setupEditor);
})();
