"""Computed contrast of every quiz text and control (WCAG AA), in JupyterLab's themes.

axe-core alone missed white-on-white order items in Dark, so the browser's computed colours
are measured here: each element with text of its own against the background under it
(alpha layers composed), 4.5:1, and an empty box's placeholder the same; each control's
border against what is around it, 3:1 (a UI component boundary); radios and checkboxes drawn
in the theme's colour scheme (a light checkbox on a dark page looks ticked).
"""

from __future__ import annotations

from playwright.sync_api import Locator

THEMES = ("JupyterLab Dark", "JupyterLab Light")

CONTRAST_JS = """(quiz) => {
  const rgba = (text) => {
    const m = text.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const over = (top, bottom) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a)).concat([1]);
  };
  const background = (el) => {
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) layers.push(c);
      if (c[3] >= 1) break;
    }
    let colour = [255, 255, 255, 1];
    for (const layer of layers.reverse()) colour = over(layer, colour);
    return colour;
  };
  const ratio = (a, b) => {
    const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const out = [];
  for (const el of quiz.querySelectorAll('*')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden') continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const control = el.matches('input, select, button, textarea');
    if (!own && !control) continue;
    const bg = background(el);
    const fg = over(rgba(style.color), bg);
    const item = {tag: el.tagName, cls: el.className,
                  text: (el.textContent || '').trim().slice(0, 40), text_ratio: ratio(fg, bg)};
    if (el.placeholder && !el.value) {  // text the student reads before typing
      const hint = getComputedStyle(el, '::placeholder');
      item.placeholder_ratio = ratio(over(rgba(hint.color), bg), bg);
    }
    if (control) {
      const border = over(rgba(style.borderTopColor), background(el.parentElement));
      item.border_ratio = ratio(border, background(el.parentElement));
      item.scheme = style.colorScheme;
    }
    out.push(item);
  }
  return out;
}"""


def assert_readable(quiz: Locator, theme: str, at_least: int) -> list[dict]:
    """Assert AA contrast for every visible text and control in ``quiz``; return the controls."""
    found = quiz.evaluate(CONTRAST_JS)
    assert len(found) >= at_least, found
    low = [f for f in found if f["text_ratio"] < 4.5 and f["tag"] not in ("INPUT",)]
    assert not low, f"text below 4.5:1 in {theme}: {low}"
    hints = [f for f in found if "placeholder_ratio" in f]
    faded = [f for f in hints if f["placeholder_ratio"] < 4.5]
    assert not faded, f"placeholder text below 4.5:1 in {theme}: {faded}"
    controls = [f for f in found if "border_ratio" in f]
    faint = [f for f in controls if f["border_ratio"] < 3]
    assert not faint, f"control borders below 3:1 in {theme}: {faint}"
    dark = "Dark" in theme
    boxes = [f for f in controls if f["tag"] in ("INPUT", "TEXTAREA")]
    wrong = [f for f in boxes if ("dark" in f["scheme"]) != dark]
    assert not wrong, f"radios, checkboxes or boxes drawn in the other theme's scheme: {wrong}"
    return controls
