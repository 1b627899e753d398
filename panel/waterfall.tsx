// The waterfall cell: a task's phases (panel/phases.ts; the browser's DNS/connect/TLS where it gave them) on the shared time scale; hovering names each phase with
// its exact times (a native tooltip, set when the pointer arrives; the Events tab lists the same times).

import { formatDuration, formatOffset } from './format';
import { type MessageKey, t } from './i18n';
import { type PhaseName, taskPhases } from './phases';
import type { PanelTask } from './reducer';

export const PHASE_KEYS: Record<PhaseName, MessageKey> = {
  preparing: 'phasePreparing',
  redirect: 'phaseRedirect',
  dns: 'phaseDns',
  connect: 'phaseConnect',
  tls: 'phaseTls',
  sending: 'phaseSending',
  waiting: 'phaseWaiting',
  receiving: 'phaseReceiving',
};

export function phaseTooltip(task: PanelTask, now: number): string {
  const origin = task.times.created;
  return taskPhases(task, now)
    .map((phase) =>
      t(
        'phaseLine',
        t(PHASE_KEYS[phase.name]),
        formatOffset(phase.start - origin),
        formatOffset(phase.end - origin),
        formatDuration(phase.end - phase.start),
      ),
    )
    .join('\n');
}

export function Waterfall({
  task,
  scale,
  now,
}: {
  task: PanelTask;
  scale: { start: number; end: number };
  now: number;
}) {
  const span = Math.max(1, scale.end - scale.start);
  const phases = taskPhases(task, now);
  // The exact times are formatted when the pointer or focus arrives, not on every render of a live row.
  const describe = (event: Event) => {
    const tooltip = phaseTooltip(task, task.times.end ?? Date.now());
    (event.currentTarget as HTMLElement).title = tooltip;
  };
  return (
    <span role="gridcell" class="col-waterfall" data-testid="waterfall" onPointerEnter={describe}>
      {phases.map((phase) => {
        const left = ((phase.start - scale.start) / span) * 100;
        const width = ((phase.end - phase.start) / span) * 100;
        if (left > 100 || left + width < 0) return null;
        return (
          <span
            key={phase.name}
            class={`phase phase-${phase.name}`}
            style={{ left: `${Math.max(0, left)}%`, width: `max(1px, ${Math.min(100, width)}%)` }}
          />
        );
      })}
    </span>
  );
}
