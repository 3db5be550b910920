/// The dashboard's one page: HTML, CSS and a script that polls `/api/state`.
enum DashboardPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Swarm cluster</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d232a; background: #f6f7f9; }
  h1 { font-size: 20px; margin: 0 0 16px; }
  .cards { display: flex; gap: 12px; margin-bottom: 20px; flex-wrap: wrap; }
  .card { background: #fff; border-radius: 8px; padding: 12px 16px; min-width: 110px; box-shadow: 0 1px 2px #0002; }
  .card b { display: block; font-size: 22px; }
  table { border-collapse: collapse; background: #fff; box-shadow: 0 1px 2px #0002; min-width: 640px; }
  th, td { padding: 6px 12px; text-align: left; border-bottom: 1px solid #e4e7eb; }
  th { background: #eef1f4; }
  .busy { color: #b35c00; font-weight: 600; }
  .idle { color: #2b7a3d; }
  .bar { display: inline-block; height: 10px; background: #4a7bd0; border-radius: 2px; vertical-align: middle; }
  #updated { color: #6b7480; margin-top: 12px; }
</style>
</head>
<body>
<h1>Swarm cluster</h1>
<div class="cards">
  <div class="card">engines<b id="engines-count">–</b></div>
  <div class="card">queued<b id="queued">–</b></div>
  <div class="card">running<b id="running">–</b></div>
  <div class="card">succeeded<b id="succeeded">–</b></div>
  <div class="card">failed<b id="failed">–</b></div>
  <div class="card">restarts<b id="restarts">–</b></div>
  <div class="card">tasks/s<b id="throughput">–</b></div>
</div>
<table>
  <thead><tr><th>engine</th><th>state</th><th>load</th><th>done</th><th>pid</th><th>host</th><th>resources</th></tr></thead>
  <tbody id="engines"></tbody>
</table>
<div id="updated">connecting…</div>
<script>
function text(id, v) { document.getElementById(id).textContent = v; }
function resources(r) {
  const parts = [];
  if (r.cores) parts.push(r.cores + " cores");
  if (r.memory) parts.push((r.memory / 1073741824).toFixed(1) + " GiB");
  if (r.gpus) parts.push(r.gpus + " GPUs");
  return parts.join(", ") || "–";
}
async function refresh() {
  try {
    const s = await (await fetch("/api/state", {cache: "no-store"})).json();
    const st = s.statistics;
    text("engines-count", st.engines); text("queued", st.queued); text("running", st.running);
    text("succeeded", st.succeeded); text("failed", st.failed); text("restarts", st.engineRestarts);
    text("throughput", s.throughput.toFixed(0));
    const body = document.getElementById("engines");
    body.replaceChildren(...s.engines.map(e => {
      const row = document.createElement("tr");
      row.id = "engine-" + e.id;
      const busy = e.assignedTasks > 0;
      const cells = [e.id, busy ? "busy" : "idle", "", e.completedTasks, e.pid, e.host, resources(e.resources)];
      cells.forEach((c, i) => {
        const td = document.createElement("td");
        if (i === 1) td.className = busy ? "busy" : "idle";
        if (i === 2) {
          const bar = document.createElement("span");
          bar.className = "bar"; bar.style.width = Math.min(200, 10 * e.assignedTasks) + "px";
          td.append(bar, " " + e.assignedTasks);
        } else td.textContent = c;
        row.append(td);
      });
      return row;
    }));
    text("updated", "updated " + new Date(s.time * 1000).toLocaleTimeString());
  } catch (err) {
    text("updated", "controller unreachable: " + err);
  }
}
refresh();
setInterval(refresh, 500);
</script>
</body>
</html>
"""#
}
