// What a restore changed, or in a dry run would change: rsync's itemized
// changes as the task's result lists them, with the totals.
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table/dist/esm/components/Table/index.js";

import cockpit, { _ } from "../../cockpit.js";
import { bytes } from "../../format.js";
import { visible } from "../../visible.js";

const SHOWN = 200;

const OPS = {
    create: _("create"), update: _("update"), attrs: _("attributes"), delete: _("delete"), link: _("hard link"),
};

// rsync's letters for what differs.
const WHAT = { s: _("size"), t: _("time"), p: _("permissions"), o: _("owner"), g: _("group"), c: _("checksum") };
const changeCount = n => cockpit.format(cockpit.ngettext("$0 change", "$0 changes", n), n);
const what = letters => [...(letters || "")].map(l => WHAT[l]).filter(Boolean).join(", ");

export function RestoreChanges({ result }) {
    const changes = result.changes || [];
    return (
        <div data-test="restore-changes" data-total={result.changes_total}>
            <p data-test="restore-summary">
                {result.dry_run
                    ? cockpit.format(_("A restore would make $0 to $1."), changeCount(result.changes_total), result.to)
                    : cockpit.format(_("$0 made to $1, $2 written."), changeCount(result.changes_total), result.to,
                                     bytes(result.bytes_written))}{" "}
                {cockpit.format(_("The restored paths hold $0 entries, $1."), result.files, bytes(result.total_bytes))}
            </p>
            {result.warning && <p className="bams-log-warn" data-test="restore-warning">{result.warning}</p>}
            {changes.length > 0 &&
                <Table variant="compact" aria-label={_("Changes")}>
                    <Thead>
                        <Tr>
                            <Th>{_("Change")}</Th>
                            <Th>{_("Path")}</Th>
                            <Th>{_("Type")}</Th>
                            <Th>{_("What differs")}</Th>
                        </Tr>
                    </Thead>
                    <Tbody>
                        {changes.slice(0, SHOWN).map(c =>
                            <Tr key={c.op + c.path} data-test="restore-change" data-op={c.op} data-path={c.path}
                                className={c.op === "delete" ? "bams-plan-delete" : undefined}>
                                <Td dataLabel={_("Change")}>{OPS[c.op] || c.op}</Td>
                                <Td dataLabel={_("Path")}><code>{visible(c.path)}</code>{c.target && <> → <code>{visible(c.target)}</code></>}</Td>
                                <Td dataLabel={_("Type")}>{c.type}</Td>
                                <Td dataLabel={_("What differs")}>{what(c.what)}</Td>
                            </Tr>)}
                    </Tbody>
                </Table>}
            {result.changes_total > Math.min(changes.length, SHOWN) &&
                <p className="bams-muted">
                    {cockpit.format(_("$0 of $1 changes shown."), Math.min(changes.length, SHOWN), result.changes_total)}
                </p>}
        </div>
    );
}
