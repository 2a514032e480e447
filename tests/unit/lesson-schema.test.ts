import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lessonIdFromPath, lessonSchema } from '../../src/schemas/lesson.ts';

const valid = {
  title: 'Namespaces as VRFs',
  summary: 'Create two namespaces and compare their tables.',
  order: 2,
  part: 'Foundations',
  prerequisites: ['translation-table'],
  lab: { after: ['translation-table'] },
};

function issuesOf(input: unknown): string {
  const result = lessonSchema.safeParse(input);
  if (result.success) throw new Error('expected the frontmatter to be rejected');
  return z.prettifyError(result.error);
}

describe('lesson frontmatter', () => {
  it('accepts a complete frontmatter', () => {
    expect(lessonSchema.parse(valid)).toEqual(valid);
  });

  it('defaults prerequisites to an empty list, and the lab to a fresh VM', () => {
    const { prerequisites, lab, ...rest } = valid;
    expect(lessonSchema.parse(rest)).toMatchObject({ prerequisites: [], lab: 'fresh' });
  });

  it('says what a lab may be, quoting what it received', () => {
    expect(issuesOf({ ...valid, lab: 'clean' })).toMatch(/lab: fresh, or lab: \{ after: \[lesson ids\] \}[\s\S]*received "clean"/);
    expect(issuesOf({ ...valid, lab: { after: [] } })).toMatch(/lab/);
    expect(issuesOf({ ...valid, lab: { after: ['Lesson One'] } })).toMatch(/received "Lesson One"|lab/);
  });

  it('names the field when the title is missing', () => {
    const { title, ...rest } = valid;
    expect(issuesOf(rest)).toMatch(/title/);
  });

  it('says what an order must look like', () => {
    expect(issuesOf({ ...valid, order: 'two' })).toMatch(/order[\s\S]*e\.g\. order: 3/);
  });

  it('rejects lesson ids that are not lower-case slugs, quoting them', () => {
    const issues = issuesOf({ ...valid, prerequisites: ['Red Blue'] });
    expect(issues).toMatch(/received "Red Blue"/);
    expect(issues).toMatch(/at prerequisites\[0\]/);
  });

  it('refuses an exercises list: a lesson\'s exercises are its <Exercise id> tags, listed nowhere else', () => {
    expect(issuesOf({ ...valid, exercises: ['eth1-up'] })).toMatch(/exercises/);
  });

  it('rejects unknown fields, so a typo does not pass silently', () => {
    expect(issuesOf({ ...valid, prerequisite: [] })).toMatch(/prerequisite/);
  });

  it('describes every field for authors', () => {
    for (const [name, field] of Object.entries(lessonSchema.shape)) {
      expect(field.description, name).toBeTruthy();
    }
  });
});

describe('lesson ids', () => {
  it('drop the ordering number and the extension', () => {
    expect(lessonIdFromPath('02-namespaces-as-vrfs.mdx')).toBe('namespaces-as-vrfs');
    expect(lessonIdFromPath('content/lessons/10-nat.mdx')).toBe('nat');
  });

  it('keep a name that has no number', () => {
    expect(lessonIdFromPath('bridges.mdx')).toBe('bridges');
  });
});
