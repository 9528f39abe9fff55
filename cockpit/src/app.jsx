// The frame around every page: the daemon and permission gates, then the
// tabs from nav.js and the page the location points at.
import { Alert } from "@patternfly/react-core/dist/esm/components/Alert/index.js";
import { Page, PageSection } from "@patternfly/react-core/dist/esm/components/Page/index.js";
import { Spinner } from "@patternfly/react-core/dist/esm/components/Spinner/index.js";
import { Tab, Tabs, TabTitleText } from "@patternfly/react-core/dist/esm/components/Tabs/index.js";

import cockpit, { _ } from "./cockpit.js";
import { go, useLocation } from "./location.js";
import { PAGES, pageFor } from "./nav.js";
import { READ } from "./permissions.js";
import { useSession } from "./session.jsx";
import { ApiErrorAlert } from "./components/ApiErrorAlert.jsx";
import { DaemonDown } from "./components/DaemonDown.jsx";
import { NoAccess } from "./components/NoAccess.jsx";

function Body() {
    const session = useSession();
    const { path, options } = useLocation();

    if (session.status === "loading")
        return <PageSection><Spinner aria-label={_("Connecting to the BAMS daemon")} /></PageSection>;
    if (session.status === "down")
        return <DaemonDown error={session.error} />;
    if (!session.me)
        return <PageSection><ApiErrorAlert error={session.error} /></PageSection>;
    if (!session.can(READ))
        return <NoAccess user={session.me.user} />;

    const page = pageFor(path);
    const Component = page.component;
    return (
        <>
            <PageSection type="tabs">
                <Tabs activeKey={page.id} onSelect={(_e, id) => go([id])} aria-label={_("BAMS pages")}
                      data-test="nav">
                    {PAGES.map(p =>
                        <Tab key={p.id} eventKey={p.id} title={<TabTitleText>{p.title}{p.badge && <p.badge />}</TabTitleText>}
                             data-test={`nav-${p.id}`} />)}
                </Tabs>
            </PageSection>
            {session.me.polkit_unavailable &&
                <PageSection>
                    <Alert variant="warning" isInline data-test="polkit-unavailable"
                           title={cockpit.format(_("Permissions cannot be checked: $0"), session.me.polkit_unavailable)} />
                </PageSection>}
            <Component key={page.id} path={path.slice(1)} options={options} />
        </>
    );
}

export function App() {
    return (
        <Page>
            <Body />
        </Page>
    );
}
