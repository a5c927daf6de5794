// WXSS → CSS for a picture of a page, as WeChat would apply it (../shared/RENDERING.md):
// miniprogram-simulate prefixes every class with the tag of the component owning the template, so a
// component's WXSS is compiled with the same prefix (`.x` → `.TAG--x`, `:host` → `TAG`); app.wxss and
// the page's WXSS are compiled without one (the page's nodes and the nodes of components that share
// global styles carry unprefixed aliases). 1rpx = 0.5px on a 375px wide screen.
import fs from 'node:fs';
import path from 'node:path';
import postcss, { AtRule, Root } from 'postcss';
import selectorParser from 'postcss-selector-parser';

/** WXML built-in tags: simulate renders them as wx-*. */
export const BUILTIN_TAGS = [
  'view', 'text', 'image', 'button', 'input', 'textarea', 'icon', 'navigator', 'scroll-view', 'swiper', 'swiper-item',
  'picker', 'picker-view', 'picker-view-column', 'label', 'form', 'switch', 'slider', 'radio', 'checkbox', 'radio-group',
  'checkbox-group', 'progress', 'rich-text', 'block', 'cover-view', 'cover-image', 'canvas', 'video', 'map', 'editor',
];
const BUILTIN = new Set(BUILTIN_TAGS);

export const SCREEN_WIDTH = 375;
export const rpx = (n: number) => (n * SCREEN_WIDTH) / 750;

/** Reads a WXSS file with its @imports inlined (relative to the file, or to the mini program root when absolute). */
export function readWxss(file: string, root: string, seen = new Set<string>()): string {
  if (seen.has(file) || !fs.existsSync(file)) return '';
  seen.add(file);
  return fs.readFileSync(file, 'utf8').replace(/@import\s+(?:"([^"]+)"|'([^']+)')\s*;?/g, (_m, a: string, b: string) => {
    const target = a || b;
    const resolved = target.startsWith('/') ? path.join(root, target) : path.resolve(path.dirname(file), target);
    return readWxss(resolved.endsWith('.wxss') ? resolved : `${resolved}.wxss`, root, seen);
  });
}

export function convertValue(value: string): string {
  return value
    .replace(/(-?\d*\.?\d+)rpx\b/g, (_m, n: string) => `${+rpx(Number(n)).toFixed(3)}px`)
    .replace(/(?:env|constant)\(\s*safe-area-inset-(top|bottom|left|right)\s*\)/g, (_m, side: string) => `var(--wx-safe-${side}, 0px)`);
}

/**
 * Compiles WXSS. `prefix` is the owning component's tag ('' for app.wxss and the page), `hostTag`
 * the element that stands for `:host`.
 */
export function compileWxss(source: string, prefix: string, hostTag = prefix): string {
  let root: Root;
  try {
    root = postcss.parse(source);
  } catch {
    return '';
  }
  const transform = selectorParser((selectors) => {
    selectors.walk((node) => {
      if (node.type === 'class' && prefix) node.value = `${prefix}--${node.value}`;
      else if (node.type === 'tag') {
        const name = node.value.toLowerCase();
        if (name === 'page') node.replaceWith(selectorParser.className({ value: 'wx-page' }));
        else if (BUILTIN.has(name)) node.value = `wx-${name}`;
      } else if (node.type === 'pseudo' && node.value === ':host') {
        const inner = node.nodes.length ? node.nodes[0] : null;
        const replacement = selectorParser.tag({ value: hostTag || 'wx-page' });
        node.replaceWith(replacement);
        if (inner) {
          // :host(.x) → TAG.x
          let after: selectorParser.Node = replacement;
          for (const part of [...inner.nodes]) {
            part.remove();
            after.parent!.insertAfter(after, part);
            after = part;
          }
        }
      }
    });
  });
  root.walkAtRules('font-face', (rule) => {
    // Remote fonts (Vant's icon font on a CDN) cannot load here: the runner embeds the icon font.
    if (/url\(\s*['"]?(https?:)?\/\//.test(rule.toString())) rule.remove();
  });
  root.walkRules((rule) => {
    if (rule.parent?.type === 'atrule' && /keyframes/.test((rule.parent as AtRule).name)) return;
    try {
      rule.selector = transform.processSync(rule.selector);
    } catch {
      rule.remove();
    }
  });
  root.walkDecls((decl) => {
    decl.value = convertValue(decl.value);
  });
  return root.toString();
}
