/**
 * `el`: one element with its properties (event handlers included) and children, for the views
 * drawn from the server's answers (the workshop dashboard, the exam sessions and results).
 *
 * @example
 * list.append(el('li', {}, el('a', { href: '?s=ABC' }, 'session ABC'), ' (30 min)'));
 */
export type ElementProps = Record<string, string | number | boolean | ((event: Event) => void)>;

export const el = <K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] => {
  const node: HTMLElementTagNameMap[K] = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};
