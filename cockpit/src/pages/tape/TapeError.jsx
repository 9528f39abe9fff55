// Why a tape view has nothing to show: no library, mtx or lsscsi missing,
// or the library not answering.
import { EmptyState, EmptyStateBody } from "@patternfly/react-core/dist/esm/components/EmptyState/index.js";

import { _ } from "../../cockpit.js";
import { ApiErrorAlert } from "../../components/ApiErrorAlert.jsx";

export function TapeError({ error }) {
    if (error?.kind === "not-found" || error?.kind === "tool-missing") {
        return (
            <EmptyState titleText={_("No tape library")} headingLevel="h2" data-test="tape-none">
                <EmptyStateBody>{error.message}</EmptyStateBody>
            </EmptyState>
        );
    }
    return <ApiErrorAlert error={error} title={_("The tape library did not answer")} />;
}
