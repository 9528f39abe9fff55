// A service's log: pick the service, a level and a text; "Follow" streams
// new entries as they are written (kept to the last MAX on screen). The
// choices live in the URL (#/logs?service=bacula-dir&level=warning).
import { useEffect, useState } from "react";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { FormSelect, FormSelectOption } from "@patternfly/react-core/dist/esm/components/FormSelect/index.js";
import { PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Switch } from "@patternfly/react-core/dist/esm/components/Switch/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { LOG_SERVICES, diagnosticsUrl, followLogs, readLogs } from "../../api/logs.js";
import { MANAGE } from "../../permissions.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { go } from "../../location.js";
import { markReady, useResource } from "../../hooks.js";
import { visibleText } from "../../visible.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { Time } from "../../components/Time.jsx";

const LEVELS = ["err", "warning", "notice", "info", "debug"];
const MAX = 1000;

function Entries({ entries }) {
    return (
        <pre className="bams-log" data-test="log-entries">
            {entries.map((e, i) =>
                <div key={i} data-level={e.level} data-test="log-entry">
                    <span className="bams-muted">{e.time ? <Time value={e.time} /> : "-"}</span>
                    {" "}<strong>{e.level}</strong>{" "}
                    {e.ident && <span>{visibleText(e.ident)}{e.pid ? `[${e.pid}]` : ""} </span>}
                    {visibleText(e.message)}
                </div>)}
        </pre>
    );
}

function Followed({ service, level, text }) {
    const [entries, setEntries] = useState([]);
    const [error, setError] = useState(null);
    useEffect(() => {
        markReady();
        return followLogs(service, { level, text },
                          e => setEntries(old => [...old.slice(-(MAX - 1)), e]),
                          err => err && setError(err));
    }, [service, level, text]);
    return (
        <>
            <ApiErrorAlert error={error} />
            <p className="bams-muted" data-test="log-following">{_("Following: new entries appear as they are written.")}</p>
            <Entries entries={entries} />
        </>
    );
}

export function LogsPage({ options }) {
    const service = LOG_SERVICES.includes(options.service) ? options.service : LOG_SERVICES[0];
    const level = LEVELS.includes(options.level) ? options.level : "";
    const text = options.text || "";
    const follow = options.follow === "1";
    const [draft, setDraft] = useState(text);
    const set = change => go(["logs"], Object.fromEntries(Object.entries({ service, level, text, follow: follow ? "1" : "", ...change })
            .filter(([, v]) => v)));
    const { data, error, loading, reload } = useResource(
        () => (follow ? Promise.resolve(null) : readLogs(service, { level, text, limit: 500 })), [service, level, text, follow]);

    return (
        <PageSection data-test="logs-page">
            <Toolbar>
                <ToolbarContent>
                    <ToolbarItem>
                        <FormSelect aria-label={_("Service")} value={service} onChange={(_e, v) => set({ service: v })}
                                    data-test="logs-service">
                            {LOG_SERVICES.map(s => <FormSelectOption key={s} value={s} label={s} />)}
                        </FormSelect>
                    </ToolbarItem>
                    <ToolbarItem>
                        <FormSelect aria-label={_("Level")} value={level} onChange={(_e, v) => set({ level: v })}
                                    data-test="logs-level">
                            <FormSelectOption value="" label={_("Any level")} />
                            {LEVELS.map(l => <FormSelectOption key={l} value={l} label={cockpit.format(_("$0 and worse"), l)} />)}
                        </FormSelect>
                    </ToolbarItem>
                    <ToolbarItem>
                        <form onSubmit={ev => { ev.preventDefault(); set({ text: draft }) }}>
                            <TextInput aria-label={_("Text")} placeholder={_("Text")} value={draft}
                                       onChange={(_e, v) => setDraft(v)} data-test="logs-text" />
                        </form>
                    </ToolbarItem>
                    <ToolbarItem>
                        <Switch id="logs-follow" label={_("Follow")} isChecked={follow}
                                onChange={(_e, on) => set({ follow: on ? "1" : "" })} data-test="logs-follow" />
                    </ToolbarItem>
                    {!follow && <ToolbarItem><Button variant="secondary" onClick={reload} data-test="logs-reload">{_("Reload")}</Button></ToolbarItem>}
                    <ToolbarItem align={{ default: "alignEnd" }}>
                        <ActionButton action={MANAGE} component="a" variant="link" href={diagnosticsUrl()} download
                                      data-test="diagnostics-download">
                            {_("Download diagnostics bundle")}
                        </ActionButton>
                    </ToolbarItem>
                </ToolbarContent>
            </Toolbar>
            {follow
                ? <Followed key={`${service}/${level}/${text}`} service={service} level={level} text={text} />
                : <>
                    <ApiErrorAlert error={error} />
                    {loading && <Spinner aria-label={_("Loading")} />}
                    {data && <p className="bams-muted" data-test="logs-source">{data.source}{data.truncated ? " · " + _("older entries not shown") : ""}</p>}
                    {data && data.entries.length === 0 && <p className="bams-muted" data-test="logs-empty">{_("No entries match.")}</p>}
                    {data && data.entries.length > 0 && <Entries entries={data.entries} />}
                </>}
        </PageSection>
    );
}
