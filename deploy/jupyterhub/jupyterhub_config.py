"""JupyterHub for a mentorkit workshop: each participant logs in and lands on the start page.

Copy to /etc/jupyterhub/jupyterhub_config.py (or pass with `jupyterhub -f`), set the three paths
below (or the environment variables), and start `jupyterhub`. Every participant gets their own
single-user Jupyter server as their own Unix user (LocalProcessSpawner), opening
`/user/<login>/voila/render/00_start_here.ipynb`: the exercises as Voila apps, no code shown, no
participant code to type (mentorkit takes the participant from JUPYTERHUB_USER).

The cohort folder is shared through a Unix group (see README "Privacy on shared machines"):

    groupadd workshop; usermod -aG workshop <facilitator>; usermod -aG workshop <each participant>
    mkdir -p /srv/workshop && chgrp workshop /srv/workshop && chmod 2770 /srv/workshop
    printf '[sharing]\nmode = "group"\n' > /srv/workshop/mentorkit.toml
    mentorkit import intake.csv --cohort /srv/workshop    # as the facilitator

The facilitator's dashboard: log in as a member of FACILITATORS; their server opens JupyterLab,
where notebooks/facilitator/dashboard.ipynb runs on the same folder. Participants' servers are
started with the exercises folder only (PARTICIPANT_NOTEBOOKS, a copy of notebooks/ without
facilitator/), so the dashboard is not even listed for them; the group permission is what lets
the facilitator read everyone's workbook (and, in group mode, lets participants read each other's
files from a terminal: see the README for that trade-off).
"""

import os

c = get_config()  # noqa: F821 - provided by JupyterHub when it loads this file

#: The shared cohort folder (group "workshop", mode 2770, mentorkit.toml with mode = "group").
COHORT = os.environ.get("MENTORKIT_COHORT", "/srv/workshop")
#: A copy of mentorkit's notebooks/ without the facilitator/ folder, readable by the group.
PARTICIPANT_NOTEBOOKS = os.environ.get("MENTORKIT_NOTEBOOKS", "/srv/mentorkit/notebooks")
#: The full notebooks/ folder (with facilitator/), readable by the facilitators only.
FACILITATOR_NOTEBOOKS = os.environ.get("MENTORKIT_FACILITATOR_NOTEBOOKS",
                                       "/srv/mentorkit/facilitator-notebooks")
#: Logins that get JupyterLab with the dashboard instead of the exercises.
FACILITATORS = {name for name in os.environ.get("MENTORKIT_FACILITATORS", "facilitator").split(",") if name}

c.JupyterHub.bind_url = os.environ.get("MENTORKIT_HUB_URL", "http://127.0.0.1:8000")
# System accounts (PAM): each participant is a Unix user in the group "workshop".
c.JupyterHub.authenticator_class = "jupyterhub.auth.PAMAuthenticator"
c.PAMAuthenticator.allowed_groups = {"workshop"}
c.Authenticator.admin_users = set(FACILITATORS)

c.JupyterHub.spawner_class = "jupyterhub.spawner.LocalProcessSpawner"
c.Spawner.environment = {
    "MENTORKIT_COHORT": COHORT,
    "UMASK": "0007",  # informational; mentorkit sets the modes itself in group mode
}
# Voila is installed with mentorkit and enables itself as a Jupyter Server extension, so every
# single-user server answers /user/<login>/voila/render/<notebook>.
c.Spawner.notebook_dir = PARTICIPANT_NOTEBOOKS
c.Spawner.default_url = "/voila/render/00_start_here.ipynb"
# A room of 30 on one machine: bound each participant's server (memory limits need a spawner
# that enforces them, e.g. systemdspawner; LocalProcessSpawner records them only).
c.Spawner.mem_limit = "1G"
c.Spawner.cpu_limit = 1.0
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
# Idle single-user servers and kernels are shut down (the participant's answers are already saved).
c.Spawner.args = [
    "--MappingKernelManager.cull_idle_timeout=900",
    "--MappingKernelManager.cull_interval=60",
    "--ServerApp.shutdown_no_activity_timeout=3600",
]


def pre_spawn(spawner):  # type: ignore[no-untyped-def]
    """Facilitators open JupyterLab on the full notebooks folder (the dashboard), others the start page."""
    if spawner.user.name in FACILITATORS:
        spawner.notebook_dir = FACILITATOR_NOTEBOOKS
        spawner.default_url = "/lab/tree/facilitator/dashboard.ipynb"


c.Spawner.pre_spawn_hook = pre_spawn
