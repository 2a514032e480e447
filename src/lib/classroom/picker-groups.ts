/**
 * The workshop form's exercise picker: each part and each lesson of several exercises has an
 * "all of it" box (`input[data-all]`, inside its group, an element marked `data-group`).
 * Ticking it ticks every exercise of the group; untying one exercise leaves it mixed
 * (indeterminate), as file managers and mail clients show a half-chosen folder.
 *
 * @example
 * linkGroupBoxes(form.querySelector('.exercise-picker')!);
 */
const exercisesIn = (group: Element) => [...group.querySelectorAll<HTMLInputElement>('input[name="exercise"]')];
/** The group's own "all" box, not one of a group nested in it. */
const allBoxOf = (group: Element) => [...group.querySelectorAll<HTMLInputElement>('input[data-all]')].find((box) => box.closest('[data-group]') === group);

function showGroups(root: Element): void {
  for (const group of root.querySelectorAll('[data-group]')) {
    const all = allBoxOf(group);
    if (!all) continue;
    const boxes = exercisesIn(group);
    const ticked = boxes.filter((box) => box.checked).length;
    all.checked = ticked === boxes.length;
    all.indeterminate = ticked > 0 && ticked < boxes.length;
  }
}

export function linkGroupBoxes(root: Element): void {
  root.addEventListener('change', (event) => {
    const box = event.target;
    if (box instanceof HTMLInputElement && box.dataset.all !== undefined) {
      const group = box.closest('[data-group]');
      if (group) for (const exercise of exercisesIn(group)) exercise.checked = box.checked;
    }
    showGroups(root);
  });
  showGroups(root);
}
