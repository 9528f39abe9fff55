// The Notifications section of the Alerts page: targets with their
// matchers, "Send test", removal, adding one, and how many notifications
// wait in the retry queue. Administrators only (the API's manage action):
// others see why the section is empty.
import { useState } from "react";
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Button } from "@patternfly/react-core/dist/esm/components/Button/index.js";
import { Title } from "@patternfly/react-core/dist/esm/components/Title/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { deleteNotifyTarget, getNotifyQueue, listNotifyTargets, testNotifyTarget } from "../../api/notify.js";
import { MANAGE, deniedReason } from "../../permissions.js";
import { useSession } from "../../session.jsx";
import { useResource } from "../../hooks.js";
import { visible } from "../../visible.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { ConfirmDelete } from "../../components/ConfirmDelete.jsx";
import { TargetForm } from "./TargetForm.jsx";

function where(t) {
    if (t.email)
        return cockpit.format(_("$0 via $1"), t.email.to.join(", "), t.email.relay);
    return t.webhook?.url;
}

function Targets() {
    const { data, error, reload } = useResource(
        () => Promise.all([listNotifyTargets(), getNotifyQueue({ limit: 1 })]).then(([l, q]) => ({ ...l, queued: q.total })), []);
    const [adding, setAdding] = useState(false);
    const [removing, setRemoving] = useState(null);
    const [tests, setTests] = useState({});

    const test = name => {
        setTests(t => ({ ...t, [name]: { busy: true } }));
        testNotifyTarget(name)
                .then(r => setTests(t => ({ ...t, [name]: r })))
                .catch(e => setTests(t => ({ ...t, [name]: { sent: false, error: e.message } })));
    };

    return (
        <>
            <ApiErrorAlert error={error} />
            {data &&
                <>
                    <p data-test="notify-queued">
                        {cockpit.format(cockpit.ngettext("$0 notification waiting to be delivered",
                                                         "$0 notifications waiting to be delivered", data.queued), data.queued)}
                    </p>
                    {data.targets.length === 0 && <p className="bams-muted" data-test="notify-empty">{_("No notification targets yet.")}</p>}
                    {data.targets.length > 0 &&
                        <Table variant="compact" aria-label={_("Notification targets")} data-test="notify-targets">
                            <Thead>
                                <Tr>
                                    <Th>{_("Name")}</Th>
                                    <Th>{_("Kind")}</Th>
                                    <Th>{_("Sends")}</Th>
                                    <Th>{_("To")}</Th>
                                    <Th screenReaderText={_("Actions")} />
                                </Tr>
                            </Thead>
                            <Tbody>
                                {data.targets.map(t =>
                                    <Tr key={t.name} data-target={t.name}>
                                        <Td dataLabel={_("Name")}>{t.name}{!t.enabled && ` (${_("disabled")})`}</Td>
                                        <Td dataLabel={_("Kind")}>{t.kind}</Td>
                                        <Td dataLabel={_("Sends")}>
                                            {cockpit.format(_("$0 and above"), t.min_level)}
                                            {t.classes?.length > 0 && ` · ${t.classes.join(", ")}`}
                                        </Td>
                                        <Td dataLabel={_("To")}>{visible(where(t))}</Td>
                                        <Td dataLabel={_("Actions")} isActionCell>
                                            <Button variant="secondary" size="sm" isLoading={tests[t.name]?.busy}
                                                    onClick={() => test(t.name)} data-test="notify-test">{_("Send test")}</Button>
                                            {" "}
                                            <Button variant="link" isDanger size="sm" onClick={() => setRemoving(t.name)}
                                                    data-test="notify-remove">{_("Remove")}</Button>
                                            {tests[t.name] && !tests[t.name].busy &&
                                                <Alert isInline isPlain variant={tests[t.name].sent ? "success" : "danger"}
                                                       data-test="notify-test-result" data-sent={String(tests[t.name].sent)}
                                                       title={tests[t.name].sent ? _("Test sent") : visible(tests[t.name].error)} />}
                                        </Td>
                                    </Tr>)}
                            </Tbody>
                        </Table>}
                    <Button variant="secondary" onClick={() => setAdding(true)} data-test="notify-add">{_("Add target")}</Button>
                </>}
            {adding && <TargetForm onClose={() => setAdding(false)} onCreated={() => { setAdding(false); reload() }} />}
            {removing &&
                <ConfirmDelete title={cockpit.format(_("Remove notification target $0?"), removing)} test="notify-delete"
                               remove={() => deleteNotifyTarget(removing)} onClose={() => setRemoving(null)}
                               onDeleted={() => { setRemoving(null); reload() }}>
                    {_("Notifications waiting for it in the queue are dropped with it.")}
                </ConfirmDelete>}
        </>
    );
}

export function NotifyTargets() {
    const { can } = useSession();
    return (
        <section className="bams-notify" data-test="notify-section">
            <Title headingLevel="h2" size="lg">{_("Notifications")}</Title>
            {can(MANAGE)
                ? <Targets />
                : <p className="bams-muted" data-test="notify-denied">{deniedReason(MANAGE)}</p>}
        </section>
    );
}
