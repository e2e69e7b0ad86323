"""Files copied as they are: the theme's static assets, items' attachments and the
files their bodies show or link to by a relative path."""

from __future__ import annotations

from gkssg.content.body_files import body_files
from gkssg.content.masking import is_text_attachment, masked_file
from gkssg.content.site import Site
from gkssg.outputs.plan import OutputPlan


class AssetsStep:
    name = "assets"

    def plan(self, site: Site, plan: OutputPlan) -> None:
        for path, source in site.theme.static_files().items():
            plan.add_copy(path, source, "layouts/" + path)
        seen: set[str] = set()
        for item in site.catalog.items:
            for attachment in item.attachments:
                if attachment.output_path in seen:
                    continue  # two items may share one attachment
                seen.add(attachment.output_path)
                source = site.root / attachment.source
                if site.config.privacy == "mask" and is_text_attachment(attachment.source):
                    masked = masked_file(source, item.privacy_allow)
                    plan.add_bytes(attachment.output_path, masked, item.source)
                else:
                    plan.add_copy(attachment.output_path, source, item.source)
            for output_path, file in body_files(
                site.root, item, sanitize=site.config.sanitize_html
            ):
                if output_path not in seen:  # pictures a body shows (gkssg import saves them)
                    seen.add(output_path)
                    plan.add_copy(output_path, file, item.source)
