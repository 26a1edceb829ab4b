"""Preview of the label's release, content and analytics stages at /label/studio, for
one project (`?project=ID`, else the newest). The lead mounts the same panels in the
/label timeline's release, content and analytics stages; this page can then go."""

from __future__ import annotations

import reflex as rx

from components.badges import mode_badges
from components.content_studio import content_studio_panel
from components.empty_state import empty_state
from components.label_analytics import label_analytics_panel
from components.layout import shell, signed_in_only
from components.release_pack import release_pack_panel
from state.auth import AuthState
from state.label_release import LabelAnalyticsState
from state.label_release import LabelStudioPageState as P


@rx.page(route="/label/studio", title="Release & content · Simple Balance Music", on_load=[AuthState.require_login, P.load])
def label_studio_page() -> rx.Component:
    return shell(
        signed_in_only(
            mode_badges("openai", "smtp"),
            rx.cond(
                P.project_id > 0,
                rx.vstack(
                    rx.text("Project: ", rx.text.strong(P.project_name), data_testid="studio-project"),
                    rx.tabs.root(
                        rx.tabs.list(
                            rx.tabs.trigger("Release", value="release", data_testid="tab-release"),
                            rx.tabs.trigger("Content", value="content", data_testid="tab-content"),
                            rx.tabs.trigger("Analytics", value="analytics", data_testid="tab-analytics", on_click=LabelAnalyticsState.reload),
                        ),
                        rx.tabs.content(rx.box(release_pack_panel(), padding_top="16px"), value="release"),
                        rx.tabs.content(rx.box(content_studio_panel(), padding_top="16px"), value="content"),
                        rx.tabs.content(rx.box(label_analytics_panel(), padding_top="16px"), value="analytics"),
                        default_value="release",
                        width="100%",
                    ),
                    spacing="3",
                    width="100%",
                ),
                rx.cond(
                    P.loaded,
                    empty_state("disc-3", "No project yet", "Start a project on the label timeline; its release pack, content plan and analytics appear here.",
                                rx.link(rx.button("Open the label"), href="/label")),
                    rx.center(rx.spinner(), width="100%", padding="32px"),
                ),
            ),
        ),
        title="Release & content",
    )
