// Stacklab's SCORM 2004 adapter, copied into each SCORM package and loaded by every packaged
// lesson page. It finds the LMS's API_1484_11 object (in this window, a parent frame or the
// opener, as the SCORM run-time environment specifies), initializes the attempt, and turns the
// Check reports this page announces (window event `stacklab:check-report`) into
// cmi.score.scaled, cmi.completion_status and cmi.success_status, committed at once. The score
// is the learner's own browser's: the LMS has no way to check it.
//
// The page names its lesson's exercises in <meta name="stacklab-scorm-exercises" content="a b">.
// Scaled score: the mean over those exercises of each one's best earned score / maximum (the
// report's `earned`: checks the set-up already met count for nothing). Completed
// and passed once every exercise has passed a Check; a lesson without exercises is completed
// when opened. Bests are kept in cmi.suspend_data, so a later attempt resumes them.
(function (win) {
  'use strict';
  function findApi(start) {
    for (var w = start, depth = 0; w && depth < 10; depth++) {
      try {
        if (w.API_1484_11) return w.API_1484_11;
      } catch (e) {
        // A frame of another origin: keep climbing.
      }
      if (!w.parent || w.parent === w) break;
      w = w.parent;
    }
    return null;
  }
  var api = findApi(win) || (win.opener ? findApi(win.opener) : null);
  if (!api) {
    win.console && win.console.info('Stacklab SCORM: no LMS API (API_1484_11) found; completion is not reported.');
    return;
  }
  var meta = win.document && win.document.querySelector('meta[name="stacklab-scorm-exercises"]');
  var exercises = ((meta && meta.getAttribute('content')) || '').split(/\s+/).filter(Boolean);
  var state = { best: {}, passed: {} };
  var live = String(api.Initialize('')) === 'true';
  if (!live) {
    win.console && win.console.warn('Stacklab SCORM: the LMS refused Initialize (error ' + api.GetLastError() + ').');
    return;
  }
  try {
    var saved = JSON.parse(api.GetValue('cmi.suspend_data') || '{}');
    if (saved && typeof saved === 'object') state = { best: saved.best || {}, passed: saved.passed || {} };
  } catch (e) {
    // No or unreadable suspend data: start afresh.
  }

  function report() {
    var total = 0;
    var allPassed = true;
    for (var i = 0; i < exercises.length; i++) {
      total += state.best[exercises[i]] || 0;
      if (!state.passed[exercises[i]]) allPassed = false;
    }
    var scaled = exercises.length ? total / exercises.length : 1;
    api.SetValue('cmi.suspend_data', JSON.stringify(state));
    api.SetValue('cmi.score.scaled', String(Math.round(scaled * 10000) / 10000));
    api.SetValue('cmi.score.raw', String(Math.round(scaled * 100)));
    api.SetValue('cmi.score.min', '0');
    api.SetValue('cmi.score.max', '100');
    api.SetValue('cmi.completion_status', allPassed ? 'completed' : 'incomplete');
    api.SetValue('cmi.success_status', allPassed ? 'passed' : 'unknown');
    api.Commit('');
  }

  win.addEventListener('stacklab:check-report', function (event) {
    var detail = event.detail;
    // What the learner's work made pass: checks the set-up already met (given) count for nothing.
    var earned = detail && detail.report && detail.report.earned;
    if (!detail || exercises.indexOf(detail.exercise) < 0 || !earned || !(earned.maximum > 0)) return;
    var fraction = Math.max(0, Math.min(1, earned.score / earned.maximum));
    if (fraction > (state.best[detail.exercise] || 0)) state.best[detail.exercise] = fraction;
    if (detail.report.status === 'pass') state.passed[detail.exercise] = true;
    report();
  });

  var ended = false;
  function finish() {
    if (ended) return;
    ended = true;
    api.SetValue('cmi.exit', 'suspend');
    api.Commit('');
    api.Terminate('');
  }
  win.addEventListener('pagehide', finish);
  win.addEventListener('beforeunload', finish);
  report();
})(window);
