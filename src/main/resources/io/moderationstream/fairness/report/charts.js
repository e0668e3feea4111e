// The audit report's charts: Apache ECharts (inlined above this script) over the JSON each chart's
// <script type="application/json"> holds. Rendered as SVG, so the page prints and zooms cleanly.
(function () {
  // Distinct past ten groups; past twenty the lines also change dash, so no two series look alike.
  var PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#e377c2', '#8c564b', '#bcbd22',
    '#7f7f7f', '#393b79', '#ad494a', '#637939', '#7b4173', '#e7ba52', '#3182bd', '#31a354', '#756bb1', '#e6550d', '#843c39'];
  var STATUS = {disparity: '#dc2626', below_threshold: '#f59e0b', below_min_sample: '#b8b8b8', ok: '#2563eb'};

  function pct(v) { return v == null ? '–' : (v * 100).toFixed(1) + ' %'; }
  function num(v) { return v == null ? '–' : v.toFixed(3); }
  // Small rates keep a decimal, so neighbouring ticks never read alike ("3 %", "3 %").
  function axisPct(v) { return (v * 100).toFixed(v !== 0 && v < 0.1 ? 1 : 0) + ' %'; }

  var builders = {
    // Flag rate per window and group: a time axis of window starts, one line per group, worst group first.
    line: function (d) {
      return {
        color: PALETTE,
        tooltip: {trigger: 'axis', valueFormatter: pct, confine: true},
        legend: {type: 'scroll', top: 0, left: 0, right: 0},
        grid: {top: 40, left: 64, right: 24, bottom: 64},
        xAxis: {type: 'category', data: d.windows, name: 'window start (UTC)', nameLocation: 'middle', nameGap: 44,
          axisLabel: {hideOverlap: true, rotate: d.windows.length > 8 ? 30 : 0}},
        yAxis: {type: 'value', name: 'flag rate', nameLocation: 'middle', nameRotate: 90, nameGap: 48, min: 0,
          axisLabel: {formatter: axisPct}},
        series: d.series.map(function (s, i) {
          return {name: s.name, type: 'line', data: s.data, connectNulls: false, showSymbol: d.windows.length <= 48,
            lineStyle: {width: 2, type: i >= PALETTE.length ? 'dashed' : 'solid'}};
        })
      };
    },
    // Pass-rate ratio per group against the best-treated one, worst first, the four-fifths threshold dashed.
    ratio: function (d) {
      return {
        tooltip: {trigger: 'item', confine: true, formatter: function (p) {
          var r = d.rows[p.dataIndex];
          return '<b>' + r.group + '</b><br>pass-rate ratio ' + num(r.ratio) + '<br>flag rate ' + pct(r.flag_rate) +
            ' (95 % CI ' + pct(r.ci_low) + '–' + pct(r.ci_high) + ')<br>' + r.flagged + ' of ' + r.count + ' flagged<br>' +
            r.status.replace(/_/g, ' ');
        }},
        grid: {top: 10, left: 8, right: 64, bottom: 28, containLabel: true},
        xAxis: {type: 'value', min: 0, max: Math.max(1.2, d.max), name: 'pass-rate ratio', nameLocation: 'middle', nameGap: 24},
        yAxis: {type: 'category', inverse: true, data: d.rows.map(function (r) { return r.group; }),
          axisLabel: {width: 220, overflow: 'truncate'}},
        series: [{type: 'bar', barMaxWidth: 18,
          data: d.rows.map(function (r) { return {value: r.ratio, itemStyle: {color: STATUS[r.status]}}; }),
          label: {show: true, position: 'right', formatter: function (p) { return num(p.value); }},
          markLine: {symbol: 'none', silent: true, lineStyle: {type: 'dashed', color: '#111'},
            label: {formatter: 'threshold {c}'}, data: [{xAxis: d.threshold}]}}]
      };
    },
    // A rate per slice with its Wilson interval (whisker) against the rest of the data (black tick).
    interval: function (d) {
      var labels = d.rows.map(function (r) { return r.label; });
      return {
        tooltip: {trigger: 'item', confine: true, formatter: function (p) {
          var r = d.rows[p.dataIndex];
          return '<b>' + r.label + '</b><br>' + d.metric + ' ' + pct(r.value) + ' (95 % CI ' + pct(r.low) + '–' + pct(r.high) +
            '), n ' + r.count + '<br>rest ' + pct(r.rest) + (r.significant ? '<br><b>significant</b>' : '');
        }},
        legend: {top: 0, data: [d.metric, '95 % interval', 'rest of the data']},
        grid: {top: 32, left: 8, right: 40, bottom: 28, containLabel: true},
        xAxis: {type: 'value', min: 0, name: d.metric, nameLocation: 'middle', nameGap: 24,
          axisLabel: {formatter: axisPct}},
        yAxis: {type: 'category', inverse: true, data: labels, axisLabel: {width: 300, overflow: 'truncate'}},
        series: [
          {name: d.metric, type: 'bar', barMaxWidth: 14,
            data: d.rows.map(function (r) { return {value: r.value, itemStyle: {color: r.significant ? '#dc2626' : '#2563eb', opacity: 0.55}}; })},
          {name: '95 % interval', type: 'custom', itemStyle: {color: '#111'},
            data: d.rows.map(function (r, i) { return [r.low, r.high, i]; }), encode: {x: [0, 1], y: 2},
            renderItem: function (params, api) {
              var lo = api.coord([api.value(0), api.value(2)]);
              var hi = api.coord([api.value(1), api.value(2)]);
              return {type: 'line', shape: {x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1]}, style: {stroke: '#111', lineWidth: 2}};
            }},
          {name: 'rest of the data', type: 'scatter', symbol: 'rect', symbolSize: [3, 16], itemStyle: {color: '#111'},
            data: d.rows.map(function (r, i) { return [r.rest, i]; })}]
      };
    }
  };

  var rendered = 0;
  document.querySelectorAll('[data-chart]').forEach(function (el) {
    try {
      var data = JSON.parse(document.getElementById(el.getAttribute('data-chart')).textContent);
      var chart = echarts.init(el, null, {renderer: 'svg'});
      chart.setOption(builders[data.type](data));
      window.addEventListener('resize', function () { chart.resize(); });
      rendered++;
    } catch (e) {
      window.reportErrors.push(el.id + ': ' + e.message);
    }
  });
  document.body.setAttribute('data-charts-rendered', String(rendered));
  document.body.setAttribute('data-chart-errors', window.reportErrors.join(' | '));
})();
