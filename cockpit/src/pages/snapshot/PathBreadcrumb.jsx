// Where in the snapshot we are: "/" then each folder of the path, each a
// link to that folder (#/hosts/<name>/snapshots/<snap>?path=/srv/www; a
// path that is not UTF-8 goes as its bytes: ?path_base64=L3Nydi9jYWbp).
import { Breadcrumb, BreadcrumbItem } from "@patternfly/react-core/dist/esm/components/Breadcrumb/index.js";

import { _ } from "../../cockpit.js";
import { display, fromBase64, isBytes, toBase64 } from "../../bytePath.js";

export const folderLink = (host, snap, path) =>
    `#/hosts/${encodeURIComponent(host)}/snapshots/${encodeURIComponent(snap)}?` +
    (isBytes(path) ? `path_base64=${encodeURIComponent(toBase64(path))}` : `path=${encodeURIComponent(path)}`);

// The folder a page address names (see folderLink).
export const linkedPath = options => (options.path_base64 ? fromBase64(options.path_base64) : options.path || "/");

export function PathBreadcrumb({ host, snap, path }) {
    const parts = path.split("/").filter(Boolean);
    const upTo = i => "/" + parts.slice(0, i + 1).join("/");
    return (
        <div className="bams-path">
            <Breadcrumb data-test="path-crumbs" aria-label={_("Folder")}>
                <BreadcrumbItem to={parts.length ? folderLink(host, snap, "/") : undefined} isActive={!parts.length}
                                data-test="path-crumb" data-path="/">
                    {_("Snapshot top")}
                </BreadcrumbItem>
                {parts.map((p, i) =>
                    <BreadcrumbItem key={upTo(i)} isActive={i === parts.length - 1} data-test="path-crumb" data-path={display(upTo(i))}
                                    to={i < parts.length - 1 ? folderLink(host, snap, upTo(i)) : undefined}>
                        {display(p)}
                    </BreadcrumbItem>)}
            </Breadcrumb>
        </div>
    );
}
