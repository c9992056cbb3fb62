//! The script the preview adds to every HTML page it serves (never to built files): it
//! listens for rebuilds over server-sent events and reloads the tab, keeping its scroll
//! position; swaps stylesheets when only CSS changed; shows a build error as an overlay
//! over the last good page; and lists the `check` findings of the page being viewed in a
//! small panel the writer can dismiss. It reconnects by itself (EventSource does) and uses
//! relative URLs, so it works on localhost, 127.0.0.1 and [::1] alike.

/// Where tabs listen for events.
pub(crate) const EVENTS_PATH: &str = "/__panelpress/events";
/// Where a tab asks for the findings of its page (`?path=/compounds/x/`).
pub(crate) const FINDINGS_PATH: &str = "/__panelpress/findings";

const SCRIPT: &str = r#"<script>
(() => {
  const key = "panelpress-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const restore = () => window.scrollTo(0, Number(saved));
    document.readyState === "complete" ? restore() : addEventListener("load", restore);
  }
  const reload = () => { sessionStorage.setItem(key, String(window.scrollY)); location.reload(); };
  const box = (id, css) => {
    let el = document.getElementById(id);
    if (!el) { el = document.createElement("div"); el.id = id; el.style.cssText = css; document.body.appendChild(el); }
    return el;
  };
  const text = (tag, content, css) => { const el = document.createElement(tag); el.textContent = content; if (css) el.style.cssText = css; return el; };
  const showError = (list) => {
    const el = box("panelpress-overlay", "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;background:rgba(60,0,0,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;padding:16px 20px;box-shadow:0 -4px 20px rgba(0,0,0,.4)");
    el.replaceChildren(text("strong", "Build failed: the page below is the last good build.", "display:block;margin-bottom:8px;font-size:15px"));
    for (const d of list) el.appendChild(text("div", d.file + ":" + d.line + ":" + d.column + "  " + d.code + ": " + d.message + (d.help ? "\n  help: " + d.help : ""), "white-space:pre-wrap;margin:6px 0"));
  };
  const showFindings = (list) => {
    if (!list.length) return;
    const el = box("panelpress-findings", "position:fixed;right:12px;top:12px;max-width:min(480px,90vw);max-height:40vh;overflow:auto;z-index:2147483646;background:#fffbe6;color:#222;border:1px solid #d4a017;border-radius:8px;font:13px/1.45 system-ui,sans-serif;padding:10px 12px;box-shadow:0 2px 12px rgba(0,0,0,.2)");
    const close = text("button", "×", "float:right;border:0;background:none;font-size:18px;cursor:pointer");
    close.setAttribute("aria-label", "Dismiss");
    close.onclick = () => el.remove();
    el.replaceChildren(close, text("strong", list.length + (list.length === 1 ? " finding" : " findings") + " on this page"));
    for (const d of list) el.appendChild(text("div", "line " + d.line + ": " + d.code + " — " + d.message.replaceAll("`", ""), "margin-top:6px"));
  };
  const version = "__VERSION__";
  const events = new EventSource("/__panelpress/events");
  events.addEventListener("hello", (e) => {
    const [served, error] = [e.data.split(" ")[0], e.data.slice(e.data.indexOf(" ") + 1)];
    if (served !== version) reload();
    else if (error && error !== "ok") showError(JSON.parse(error));
  });
  events.addEventListener("reload", reload);
  events.addEventListener("css", () => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("v", Date.now());
      const fresh = link.cloneNode();
      fresh.href = url.href;
      fresh.onload = () => link.remove();
      link.after(fresh);
    }
  });
  events.addEventListener("build-error", (e) => showError(JSON.parse(e.data)));
  fetch("/__panelpress/findings?path=" + encodeURIComponent(location.pathname))
    .then((r) => r.json()).then(showFindings).catch(() => {});
})();
</script>
"#;

/// `html` with the script before `</body>` (or at the end). `version` is the build the
/// page comes from: a tab that meets a newer one when it (re)connects reloads.
pub(crate) fn inject(html: &[u8], version: &str) -> Vec<u8> {
    let script = SCRIPT.replace("__VERSION__", version);
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(at) => format!("{}{script}{}", &text[..at], &text[at..]).into_bytes(),
        None => format!("{text}{script}").into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn injects_before_the_body_end_with_the_version() {
        let page = inject(b"<html><body><p>x</p></body></html>", "7-3");
        let page = String::from_utf8(page).unwrap();
        assert!(page.contains("const version = \"7-3\""));
        assert!(page.find("<script>").unwrap() < page.find("</body>").unwrap());
        assert!(page.ends_with("</body></html>"));
    }
}
