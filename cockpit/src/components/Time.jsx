// A timestamp in the appliance's time zone, with the exact instant on hover.
// timeZone overrides the session's, for answers that carry their own.
import { useSession } from "../session.jsx";
import { dateTime } from "../format.js";

export function Time({ value, timeZone }) {
    const session = useSession();
    if (!value || value.startsWith("0001-"))
        return null;
    return <time dateTime={value} title={value}>{dateTime(value, timeZone || session.timeZone)}</time>;
}
