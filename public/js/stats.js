// Draws the charts of /stats from the data-chart attributes (the tables beside them carry the same numbers for
// readers without JavaScript or a screen). Chart.js is served from this site: nothing loads from elsewhere.
(() => {
  if (typeof Chart === 'undefined') return;
  const palette = ['#1f5fa8', '#e0a100', '#c2410c', '#9b1c1c', '#3f7d4e', '#6b4fa0'];
  // The charts count teams — whole-number ticks only (never "0.5 teams"), on x for a horizontal bar chart, y
  // otherwise — except the answer times, in hours.
  function scalesOf(spec) {
    if (spec.unit === 'hours') return { y: { beginAtZero: true } };
    const counts = { beginAtZero: true, stacked: Boolean(spec.stacked), ticks: { precision: 0 } };
    return spec.horizontal ? { x: counts } : { y: counts };
  }
  for (const canvas of document.querySelectorAll('canvas[data-chart]')) {
    let spec;
    try {
      spec = JSON.parse(canvas.dataset.chart);
    } catch {
      continue;
    }
    const datasets = spec.datasets.map((d, i) => ({
      ...d,
      backgroundColor: palette[i % palette.length],
      borderColor: palette[i % palette.length],
      fill: spec.stacked ? 'origin' : false,
      pointRadius: spec.type === 'line' ? 1 : undefined,
    }));
    // eslint-disable-next-line no-undef
    new Chart(canvas, {
      type: spec.type,
      data: { labels: spec.labels, datasets },
      options: {
        indexAxis: spec.horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: scalesOf(spec),
        plugins: { legend: { display: datasets.length > 1 } },
      },
    });
  }
})();
