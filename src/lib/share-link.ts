/**
 * A link the instructor hands to one person (an exam's resume link, a workshop's rejoin link):
 * a heading that takes focus, what the link does, and the link in a read-only field with a Copy
 * button, drawn into `box` (a region outside what the live views redraw).
 *
 * @example
 * showShareLink(box, { id: 'resume-url', heading: 'Link for Ana', note: 'Give it to Ana alone.', label: 'Resume link', url });
 */
import { el } from './element.ts';

export interface ShareLink {
  /** The field's id (its label points at it). */
  id: string;
  heading: string;
  note: string;
  label: string;
  url: string;
}

export function showShareLink(box: HTMLElement, link: ShareLink): void {
  const field = el('input', { type: 'text', readOnly: true, value: link.url, id: link.id, className: 'share-url' });
  const copy = el('button', { type: 'button', className: 'button' }, 'Copy the link');
  copy.addEventListener('click', () => {
    field.select();
    void navigator.clipboard?.writeText(link.url).then(
      () => (copy.textContent = 'Copied'),
      () => undefined,
    );
  });
  box.replaceChildren(el('h2', { tabIndex: -1 }, link.heading), el('p', {}, link.note), el('p', {}, el('label', { htmlFor: link.id }, `${link.label} `), field, ' ', copy));
  box.hidden = false;
  (box.firstElementChild as HTMLElement).focus();
}
