// Label/value pairs of a Bacula object; empty values are left out.
import { DescriptionList, DescriptionListDescription, DescriptionListGroup, DescriptionListTerm } from "@patternfly/react-core/dist/esm/components/DescriptionList/index.js";

export function Terms({ items, test }) {
    return (
        <DescriptionList isHorizontal isCompact data-test={test}>
            {items.filter(([, v]) => v !== undefined && v !== null && v !== "").map(([label, v, id]) =>
                <DescriptionListGroup key={label}>
                    <DescriptionListTerm>{label}</DescriptionListTerm>
                    <DescriptionListDescription data-test={id}>{v}</DescriptionListDescription>
                </DescriptionListGroup>)}
        </DescriptionList>
    );
}
