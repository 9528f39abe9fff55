// The disks nothing holds, to choose from when making a pool, a volume
// group or a filesystem (bamsd checks again and names any holder).
import { Checkbox } from "@patternfly/react-core/dist/esm/components/Checkbox/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";

import { _ } from "../../cockpit.js";
import { listDisks } from "../../api/storage.js";
import { bytes } from "../../format.js";
import { useResource } from "../../hooks.js";
import { FormField } from "../../components/FormField.jsx";
import { StorageError } from "./parts.jsx";

export function FreeDisks({ form, chosen, onChange }) {
    const { data, error, loading } = useResource(listDisks, []);
    const free = (data?.disks || []).filter(d => d.holders.length === 0 && d.partitions.length === 0);
    const toggle = (path, on) => onChange(on ? [...chosen, path] : chosen.filter(p => p !== path));
    return (
        <FormField form={form} id="devices" label={_("Disks")} isRequired
                   help={free.length === 0 && data ? _("No disk is free: every one holds something.") : undefined}>
            {loading && <Spinner size="md" aria-label={_("Loading")} />}
            <StorageError error={error} what={_("disks")} />
            {free.map(d =>
                <Checkbox key={d.path} id={`${form}-disk-${d.name}`} label={`${d.path} (${bytes(d.size)})`}
                          isChecked={chosen.includes(d.path)} onChange={(_e, on) => toggle(d.path, on)}
                          data-test={`${form}-disk`} data-disk={d.path} />)}
        </FormField>
    );
}
