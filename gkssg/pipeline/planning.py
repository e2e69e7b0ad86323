"""Planning a build: every output of a loaded site, from the registered steps."""

from __future__ import annotations

from collections.abc import Callable

from gkssg.base.errors import Problems, Superseded
from gkssg.base.i18n import t
from gkssg.cache.rows import RowCache
from gkssg.content.site import Site
from gkssg.outputs.plan import OutputCollision, OutputPlan
from gkssg.pipeline.steps import plan_steps
from gkssg.source.theme import template_problem


def plan_outputs(
    site: Site,
    problems: Problems,
    superseded: Callable[[], bool] | None = None,
    *,
    later: bool = False,
    rows: RowCache | None = None,
) -> OutputPlan:
    """Every output of ``site``; raises :class:`Superseded` between steps, and within
    their long loops, once ``superseded()`` is true.

    With ``later``, the outputs planned to be made later are left to the caller
    (:meth:`OutputPlan.produce_later`); otherwise the plan holds all the bytes.
    ``rows`` holds the items' rows in the data files kept from the last build.
    """
    plan = OutputPlan(cancelled=superseded, rows=rows or RowCache())
    for step in plan_steps():
        if superseded is not None and superseded():
            raise Superseded(step.name)
        try:
            step.plan(site, plan)
        except OutputCollision as exc:
            problems.error(
                exc.second if exc.second.startswith("content/") else None,
                None,
                "URL_COLLISION",
                t(
                    "{path} would be written twice (also by {first})",
                    path=exc.path,
                    first=exc.first,
                ),
                t("rename one of them or give the item another slug"),
            )
        except Exception as exc:  # a step rendering a site's own layout (feeds, stats)
            problem = template_problem(exc, step.name, site.theme)
            if problem is None:
                raise
            problems.add(problem)
    if not later:
        plan.produce_later()
    return plan
