/**
 * What a learner typed into an answer exercise's fields (src/exercises/answers.ts), kept in
 * localStorage per exercise so a reload or another visit finds it again. Validated when read:
 * anything that is not answers by question id is ignored, never trusted. Storage that is
 * blocked or full keeps the answers in the fields only, for this visit.
 *
 * @example
 * const store = answerStore(localStorage);
 * store.save('read-the-fdb', { 'app-port': 'p3' });
 * store.load('read-the-fdb'); // { 'app-port': 'p3' }
 */
import { answersSchema, type Answers } from '../exercises/answers.ts';
import { browserLocalStorage } from './browser-storage.ts';

export const ANSWERS_KEY_PREFIX = 'stacklab:answers:';

export type AnswerStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export function answerStore(storage: AnswerStorage | undefined) {
  const key = (exercise: string) => `${ANSWERS_KEY_PREFIX}${exercise}`;
  const attempt = (action: () => void) => {
    try {
      action();
    } catch {
      // Blocked or full storage: the answers stay in the fields for this visit.
    }
  };
  return {
    /** The stored answers of `exercise`; {} when there are none or what is stored is not answers. */
    load(exercise: string): Answers {
      let raw: string | null = null;
      attempt(() => (raw = storage?.getItem(key(exercise)) ?? null));
      if (raw === null) return {};
      try {
        const parsed = answersSchema.safeParse(JSON.parse(raw));
        return parsed.success ? parsed.data : {};
      } catch {
        return {};
      }
    },
    save(exercise: string, answers: Answers): void {
      attempt(() => storage?.setItem(key(exercise), JSON.stringify(answers)));
    },
    clear(exercise: string): void {
      attempt(() => storage?.removeItem(key(exercise)));
    },
  };
}

/** The page's store, on window.localStorage (none when the browser refuses it). */
export const browserAnswerStore = () => answerStore(browserLocalStorage());
