// The first requests after the page loads: /me and, in parallel, the
// dashboard for its time zone and restore root (it needs org.bams.read;
// without it dates use the browser's zone). index.jsx imports this module first, so the requests
// leave before React and PatternFly are evaluated: the bridge's first round
// trip is the slowest step to the first screen, and now overlaps start-up.
import { getDashboard, getMe } from "./api/system.js";

export async function fetchSession(dashboardRequest = getDashboard()) {
    const [me, dashboard] = await Promise.all([
        getMe(),
        dashboardRequest.catch(e => {
            if (e.unreachable)
                throw e;
            return null;
        }),
    ]);
    return { me, timeZone: dashboard?.time_zone || null, restoreRoot: dashboard?.restore_root?.path || null };
}

const started = Date.now();
let firstDashboard = getDashboard();
firstDashboard.catch(() => null);

export const firstSession = fetchSession(firstDashboard);
// The session reports its failure; this only keeps the browser from calling
// it unhandled before the session has subscribed.
firstSession.catch(() => null);

// The Dashboard page, when it is the first page shown, uses the dashboard
// fetched above instead of asking again: only once, only while fresh, and
// asking again if that first answer was an error.
const FRESH_MS = 5000;

export function takeFirstDashboard() {
    const d = firstDashboard;
    firstDashboard = null;
    return d && Date.now() - started < FRESH_MS ? d.catch(() => getDashboard()) : null;
}
