// A timestamp in the appliance's time zone, with the exact instant on hover.
import { useSession } from "../session.jsx";
import { dateTime } from "../format.js";

export function Time({ value }) {
    const { timeZone } = useSession();
    if (!value || value.startsWith("0001-"))
        return null;
    return <time dateTime={value} title={value}>{dateTime(value, timeZone)}</time>;
}
