"""The worlds page's states, one per section: the frame and grid (`grid`), the wizard's inputs
(`wizard`), a build and its results (`build`), and one opened world (`world`)."""

from state.worlds.build import BuildState
from state.worlds.grid import WorldsState
from state.worlds.wizard import WizardState
from state.worlds.world import OpenWorldState

__all__ = ["BuildState", "OpenWorldState", "WizardState", "WorldsState"]
