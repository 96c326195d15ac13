import { useEffect, useState } from "react";
import {
  inspectSession,
  type ObservedFrame,
  observeSession,
  type SessionInspection,
  type StompSessionBase,
} from "stompkit/core";

/**
 * A snapshot of `session` (`inspectSession`), taken again when the session reports a change and every
 * `refreshMs` (ages move with time). Observes the session only while mounted.
 */
export function useSessionInspection(session: StompSessionBase, refreshMs: number): SessionInspection {
  const [snapshot, setSnapshot] = useState(() => inspectSession(session));
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      timer = undefined;
      setSnapshot(inspectSession(session));
    };
    // Changes come in bursts (status, attempt, retry time in one reconnect): one snapshot per task.
    const soon = () => {
      timer ??= setTimeout(refresh, 0);
    };
    const stop = observeSession(session, { onChange: soon });
    const interval = setInterval(refresh, refreshMs);
    refresh();
    return () => {
      stop();
      clearInterval(interval);
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [session, refreshMs]);
  return snapshot;
}

/**
 * The last `maxFrames` frames of `session`, oldest first; while `paused`, new frames are not kept
 * (`skipped` counts them) and the ones shown stay. Published at most once per 50 ms.
 */
export function useFrameLog(session: StompSessionBase, maxFrames: number, paused: boolean) {
  const [state, setState] = useState<{ frames: readonly ObservedFrame[]; skipped: number }>({
    frames: [],
    skipped: 0,
  });
  // The log itself, outside React state: frames arrive inside socket callbacks, many per frame.
  const [log] = useState(() => ({ frames: [] as ObservedFrame[], skipped: 0, paused, publish: () => {} }));
  useEffect(() => {
    log.paused = paused;
  }, [log, paused]);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    log.publish = () => {
      timer = undefined;
      setState({ frames: log.frames.slice(), skipped: log.skipped });
    };
    const stop = observeSession(session, {
      onFrame(frame) {
        if (log.paused) log.skipped++;
        else {
          log.frames.push(frame);
          if (log.frames.length > maxFrames) log.frames.splice(0, log.frames.length - maxFrames);
        }
        timer ??= setTimeout(log.publish, 50);
      },
    });
    return () => {
      stop();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [session, maxFrames, log]);
  const clear = () => {
    log.frames = [];
    log.skipped = 0;
    log.publish();
  };
  return { ...state, clear };
}
