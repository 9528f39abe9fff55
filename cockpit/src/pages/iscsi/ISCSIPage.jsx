// #/iscsi: the desired iSCSI targets (LUNs, allowed initiators, CHAP set or
// not, portals), edited without touching SCST, then applied after the plan
// was reviewed; and the sessions initiators have open.
import { useState } from "react";
import { Label } from "@patternfly/react-core/dist/esm/components/Label/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Title } from "@patternfly/react-core/dist/esm/components/Title/index.js";
import { Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core/dist/esm/components/Toolbar/index.js";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { deleteISCSITarget, listISCSISessions, listISCSITargets, removeISCSILUN } from "../../api/iscsi.js";
import { MANAGE } from "../../permissions.js";
import { useResource } from "../../hooks.js";
import { ActionButton } from "../../components/ActionButton.jsx";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";
import { ConfirmDelete } from "../../components/ConfirmDelete.jsx";
import { LUNForm } from "./LUNForm.jsx";
import { PlanModal } from "./PlanModal.jsx";
import { TargetForm } from "./TargetForm.jsx";

const backing = l => (l.object ? `${l.object.kind} ${l.object.name}` : cockpit.format(_("file $0 on $1"), l.file, l.repository));

function chap(c) {
    if (c.incoming.length === 0)
        return _("none");
    const state = u => (u.secret_set ? _("secret set") : _("no secret"));
    const inc = `${c.incoming[0].user} (${state(c.incoming[0])})`;
    return c.outgoing ? cockpit.format(_("mutual: $0, $1"), inc, `${c.outgoing.user} (${state(c.outgoing)})`) : inc;
}

export function ISCSIPage() {
    const targets = useResource(listISCSITargets, []);
    const sessions = useResource(listISCSISessions, []);
    const [dialog, setDialog] = useState(null); // {kind, target, lun}
    const close = () => setDialog(null);
    const reload = () => { targets.reload(); sessions.reload() };

    if (targets.loading)
        return <Spinner aria-label={_("Loading")} />;
    return (
        <div data-test="iscsi-page">
            <Toolbar>
                <ToolbarContent>
                    <ToolbarItem>
                        <ActionButton action={MANAGE} onClick={() => setDialog({ kind: "create" })} data-test="target-create">
                            {_("Create target")}
                        </ActionButton>
                    </ToolbarItem>
                    <ToolbarItem>
                        <ActionButton action={MANAGE} variant="secondary" onClick={() => setDialog({ kind: "plan" })}
                                      data-test="iscsi-review">
                            {_("Review and apply")}
                        </ActionButton>
                    </ToolbarItem>
                </ToolbarContent>
            </Toolbar>
            <ApiErrorAlert error={targets.error} />
            <Table variant="compact" aria-label={_("Targets")} data-test="targets-table">
                <Thead>
                    <Tr>
                        <Th>{_("Target")}</Th>
                        <Th>{_("LUNs")}</Th>
                        <Th>{_("Initiators")}</Th>
                        <Th>{_("CHAP")}</Th>
                        <Th>{_("Portals")}</Th>
                        <Th screenReaderText={_("Actions")} />
                    </Tr>
                </Thead>
                <Tbody>
                    {(targets.data?.targets || []).map(t =>
                        <Tr key={t.name} data-target={t.name}>
                            <Td dataLabel={_("Target")}>
                                <div>{t.name} {!t.enabled && <Label isCompact>{_("disabled")}</Label>}</div>
                                {t.alias && <div className="bams-muted">{t.alias}</div>}
                            </Td>
                            <Td dataLabel={_("LUNs")}>
                                {t.luns.length === 0 && <span className="bams-muted">{_("none")}</span>}
                                {t.luns.map(l =>
                                    <div key={l.lun} data-lun={l.lun}>
                                        {l.lun}: {backing(l)}{l.read_only && ` (${_("read-only")})`}{" "}
                                        <ActionButton action={MANAGE} variant="link" isDanger size="sm" isInline
                                                      onClick={() => setDialog({ kind: "rm-lun", target: t, lun: l })}
                                                      data-test="lun-remove">
                                            {_("Remove")}
                                        </ActionButton>
                                    </div>)}
                            </Td>
                            <Td dataLabel={_("Initiators")}>{t.initiators.length ? t.initiators.join(", ") : _("any")}</Td>
                            <Td dataLabel={_("CHAP")} data-test="target-chap">{chap(t.chap)}</Td>
                            <Td dataLabel={_("Portals")}>{t.portals.length ? t.portals.map(p => p.address).join(", ") : _("all")}</Td>
                            <Td isActionCell>
                                <ActionButton action={MANAGE} variant="secondary" size="sm" data-test="target-apply"
                                              onClick={() => setDialog({ kind: "plan", target: t })}>
                                    {_("Apply")}
                                </ActionButton>{" "}
                                <ActionButton action={MANAGE} variant="secondary" size="sm" data-test="lun-add"
                                              onClick={() => setDialog({ kind: "add-lun", target: t })}>
                                    {_("Add LUN")}
                                </ActionButton>{" "}
                                <ActionButton action={MANAGE} variant="secondary" size="sm" data-test="target-edit"
                                              onClick={() => setDialog({ kind: "edit", target: t })}>
                                    {_("Edit")}
                                </ActionButton>{" "}
                                <ActionButton action={MANAGE} variant="secondary" isDanger size="sm" data-test="target-delete"
                                              onClick={() => setDialog({ kind: "rm-target", target: t })}>
                                    {_("Delete")}
                                </ActionButton>
                            </Td>
                        </Tr>)}
                </Tbody>
            </Table>

            <Title headingLevel="h2" className="bams-section">{_("Sessions")}</Title>
            {sessions.error?.kind === "tool-missing"
                ? <p className="bams-muted" data-test="sessions-unavailable">{sessions.error.message}</p>
                : <ApiErrorAlert error={sessions.error} />}
            <Table variant="compact" aria-label={_("Sessions")} data-test="sessions-table">
                <Thead>
                    <Tr>
                        <Th>{_("Initiator")}</Th>
                        <Th>{_("Target")}</Th>
                        <Th>{_("LUNs")}</Th>
                        <Th>{_("Connections")}</Th>
                    </Tr>
                </Thead>
                <Tbody>
                    {(sessions.data?.sessions || []).map(s =>
                        <Tr key={s.target + s.initiator} data-initiator={s.initiator}>
                            <Td dataLabel={_("Initiator")}>{s.initiator}</Td>
                            <Td dataLabel={_("Target")}>{s.target}</Td>
                            <Td dataLabel={_("LUNs")}>{s.luns.join(", ")}</Td>
                            <Td dataLabel={_("Connections")}>{s.connections.join(", ")}</Td>
                        </Tr>)}
                </Tbody>
            </Table>

            {(dialog?.kind === "create" || dialog?.kind === "edit") &&
                <TargetForm target={dialog.target} onClose={close} onSaved={targets.reload} />}
            {dialog?.kind === "add-lun" && <LUNForm target={dialog.target} onClose={close} onSaved={targets.reload} />}
            {dialog?.kind === "plan" && <PlanModal target={dialog.target?.name} onClose={close} onApplied={reload} />}
            {dialog?.kind === "rm-target" &&
                <ConfirmDelete test="target-delete-modal" title={cockpit.format(_("Delete target $0?"), dialog.target.name)}
                               name={dialog.target.name} remove={typed => deleteISCSITarget(dialog.target.name, typed)}
                               onClose={close} onDeleted={() => { close(); targets.reload() }}>
                    <p>{cockpit.format(_("Its $0 LUNs go with it. SCST keeps serving it until the next apply, whose plan shows the sessions that end."),
                                       dialog.target.luns.length)}</p>
                </ConfirmDelete>}
            {dialog?.kind === "rm-lun" &&
                <ConfirmDelete test="lun-delete-modal"
                               title={cockpit.format(_("Remove LUN $0 of $1?"), dialog.lun.lun, dialog.target.name)}
                               name={String(dialog.lun.lun)}
                               remove={typed => removeISCSILUN(dialog.target.name, dialog.lun.lun, typed)}
                               onClose={close} onDeleted={() => { close(); targets.reload() }}>
                    <p>{cockpit.format(_("Initiators lose $0 at the next apply. The data on it stays."), backing(dialog.lun))}</p>
                </ConfirmDelete>}
        </div>
    );
}
