// When the scheduler backs the host up: a cron expression in the
// appliance's time zone, on/off, and whether to prune after each run.
import { useEffect, useState } from "react";
import { Card, CardBody, CardTitle } from "@patternfly/react-core/dist/esm/components/Card/index.js";
import { Checkbox } from "@patternfly/react-core/dist/esm/components/Checkbox/index.js";
import { Form, FormGroup, FormHelperText } from "@patternfly/react-core/dist/esm/components/Form/index.js";
import { HelperText, HelperTextItem } from "@patternfly/react-core/dist/esm/components/HelperText/index.js";
import { TextInput } from "@patternfly/react-core/dist/esm/components/TextInput/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { getSchedule, setSchedule } from "../../api/hosts.js";
import { useResource } from "../../hooks.js";
import { MANAGE } from "../../permissions.js";
import { useSession } from "../../session.jsx";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { Time } from "../../components/Time.jsx";

// A host without a schedule answers 404: that is "none yet", not an error.
const load = name => getSchedule(name).then(schedule => ({ schedule }),
                                            e => (e.kind === "not-found" ? { schedule: null } : Promise.reject(e)));

export function ScheduleCard({ host }) {
    const { can, timeZone } = useSession();
    const { data, error, update } = useResource(() => load(host.name), [host.name]);
    const [draft, setDraft] = useState({ cron: "", enabled: true, prune: false });
    const [saveError, setSaveError] = useState(null);
    const [busy, setBusy] = useState(false);
    const schedule = data?.schedule;

    useEffect(() => {
        if (schedule)
            setDraft({ cron: schedule.cron, enabled: schedule.enabled, prune: schedule.prune });
    }, [schedule]);

    const save = ev => {
        ev.preventDefault();
        setBusy(true);
        setSaveError(null);
        setSchedule(host.name, draft)
                .then(s => update(() => ({ schedule: s })), setSaveError)
                .finally(() => setBusy(false));
    };
    const readOnly = !can(MANAGE);
    const cronProblem = saveError?.field === "cron" ? saveError.message : null;

    return (
        <Card data-test="schedule-card">
            <CardTitle>{_("Schedule")}</CardTitle>
            <CardBody>
                <ApiErrorAlert error={error || (cronProblem ? null : saveError)} />
                <Form onSubmit={save} isHorizontal>
                    <FormGroup label={_("When")} fieldId="schedule-cron">
                        <TextInput id="schedule-cron" value={draft.cron} placeholder="15 2 * * *" isDisabled={readOnly}
                                   validated={cronProblem ? "error" : "default"} data-test="schedule-cron"
                                   onChange={(_e, cron) => setDraft(d => ({ ...d, cron }))} />
                        <FormHelperText>
                            <HelperText>
                                <HelperTextItem variant={cronProblem ? "error" : "default"}
                                                data-test={cronProblem ? "schedule-problem" : undefined}>
                                    {cronProblem || cockpit.format(
                                        _("Cron (minute hour day month weekday) or @daily, @every 6h; in $0"),
                                        timeZone || _("the appliance's time zone"))}
                                </HelperTextItem>
                            </HelperText>
                        </FormHelperText>
                    </FormGroup>
                    <Checkbox id="schedule-enabled" label={_("Enabled")} isChecked={draft.enabled} isDisabled={readOnly}
                              onChange={(_e, enabled) => setDraft(d => ({ ...d, enabled }))} />
                    <Checkbox id="schedule-prune" label={_("Apply the retention policy after each scheduled backup")}
                              isChecked={draft.prune} isDisabled={readOnly}
                              onChange={(_e, prune) => setDraft(d => ({ ...d, prune }))} />
                    <p data-test="schedule-next">
                        {_("Next run:")}{" "}
                        {schedule?.next_run && schedule.enabled && host.enabled
                            ? <Time value={schedule.next_run} />
                            : <span className="bams-muted">{_("not scheduled")}</span>}
                    </p>
                    <div>
                        <ActionButton action={MANAGE} type="submit" variant="secondary" isLoading={busy}
                                      isDisabled={busy || !draft.cron} data-test="schedule-save">
                            {_("Save schedule")}
                        </ActionButton>
                    </div>
                </Form>
            </CardBody>
        </Card>
    );
}
