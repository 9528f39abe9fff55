// The retention plan for a kind, a what-if date and, while the policy is
// being edited, the draft: a draft is previewed shortly after the last
// keystroke. What is shown stays on screen until the next plan arrives.
import { useCallback, useEffect, useRef, useState } from "react";

import { getRetentionPlan } from "../../api/retention.js";
import { markReady } from "../../hooks.js";

const DRAFT_DELAY_MS = 300;

export function usePlan(name, { kind, asOf, draft, skip }) {
    const [state, setState] = useState({ plan: null, error: null, loading: !skip });
    const generation = useRef(0);
    const key = JSON.stringify([name, kind, asOf, draft, skip]);

    const load = useCallback(() => {
        const mine = ++generation.current;
        if (skip)
            return Promise.resolve();
        setState(s => ({ ...s, loading: true }));
        return getRetentionPlan(name, { kind, asOf, draft }).then(
            plan => mine === generation.current && setState({ plan, error: null, loading: false }),
            error => mine === generation.current && setState(s => ({ ...s, error, loading: false })))
                .finally(markReady);
    }, [key]);

    useEffect(() => {
        const timer = setTimeout(load, draft ? DRAFT_DELAY_MS : 0);
        return () => clearTimeout(timer);
    }, [load]);

    return { ...state, reload: load };
}
