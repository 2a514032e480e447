/**
 * Runs once per full page load (client-side navigation keeps it): defines the custom
 * elements, follows the system theme, and registers the service worker.
 */
import { DoneButtonElement } from '../elements/done-button.ts';
import { ExamElement } from '../elements/exam.ts';
import { ExerciseElement } from '../elements/exercise.ts';
import { LabSetupElement } from '../elements/lab-setup.ts';
import { NavToggleElement } from '../elements/nav-toggle.ts';
import { PaneDividerElement } from '../elements/pane-divider.ts';
import { ProgressFileElement } from '../elements/progress-file.ts';
import { ProgressMarksElement } from '../elements/progress-marks.ts';
import { RunCommandElement } from '../elements/run-command.ts';
import { ShowTerminalElement } from '../elements/show-terminal.ts';
import { TerminalPanelElement } from '../elements/terminal-panel.ts';
import { ThemeToggleElement } from '../elements/theme-toggle.ts';
import { TopologyPanelElement } from '../elements/topology-panel.ts';
import { installExerciseAutosave } from './exercise-autosave.ts';
import { installLtiReporterInPage } from './lti-reporter.ts';
import { registerServiceWorker } from './service-worker-registration.ts';
import { followSystemTheme } from './theme.ts';

const elements: Record<string, CustomElementConstructor> = {
  'stacklab-done-button': DoneButtonElement,
  'stacklab-exam': ExamElement,
  'stacklab-exercise': ExerciseElement,
  'stacklab-lab-setup': LabSetupElement,
  'stacklab-nav-toggle': NavToggleElement,
  'stacklab-divider': PaneDividerElement,
  'stacklab-progress-file': ProgressFileElement,
  'stacklab-progress-marks': ProgressMarksElement,
  'stacklab-run': RunCommandElement,
  'stacklab-show-terminal': ShowTerminalElement,
  'stacklab-terminal': TerminalPanelElement,
  'stacklab-theme-toggle': ThemeToggleElement,
  'stacklab-topology': TopologyPanelElement,
};
for (const [name, element] of Object.entries(elements)) {
  if (!customElements.get(name)) customElements.define(name, element);
}

followSystemTheme();
installExerciseAutosave();
// An exercise opened from an LMS (LTI) reports its Check results there; otherwise this sends nothing.
installLtiReporterInPage();
if (import.meta.env.PROD) registerServiceWorker();
