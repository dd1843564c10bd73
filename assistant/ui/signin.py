"""Sign-in (``ASSISTANT_SIGN_IN``): nothing of the app is drawn until the person has signed in with the
council's identity provider (Streamlit's ``st.login``), and then only what their roles allow.

``gate()`` runs first on every page run: without a signed-in user it draws the sign-in button and stops the
run; a signed-in person whose token maps to no role sees whom to ask and stops there. ``roles()`` gives the
roles for the checks each action makes (``access.require``); None when sign-in is off.
"""

from __future__ import annotations

import streamlit as st

from assistant.access import ROLE_LABELS, Person, roles_from_claims
from assistant.ui import keys, resources

TITLE = "CP Pathways Assistant"


def gate() -> None:
    settings = resources.settings()
    if not settings.sign_in:
        st.session_state.pop(keys.SIGNED_IN_ROLES, None)
        return
    if not st.user.is_logged_in:
        st.title(TITLE)
        st.info("Sign in with your council account to use the CP Pathways Assistant.", icon=":material/login:")
        st.button("Sign in", type="primary", on_click=st.login, key=keys.SIGN_IN)
        st.stop()
    claims = st.user.to_dict()
    roles = roles_from_claims(claims, settings.role_claim, settings.role_map)
    st.session_state[keys.SIGNED_IN_ROLES] = roles
    st.session_state[keys.USER_ID] = str(claims.get("sub") or "")[:128] or None
    team = claims.get(settings.team_claim)
    st.session_state[keys.USER_TEAM] = str(team) if isinstance(team, str) and team else settings.team
    name = str(claims.get("name") or claims.get("email") or "you")
    if not roles:
        st.title(TITLE)
        who = settings.access_contact.strip() or "whoever runs this service"
        st.error(f"You are signed in as {name}, but your account has no role in this app. Ask {who} for access.",
                 icon=":material/lock:")
        st.button("Sign out", on_click=st.logout, key=keys.SIGN_OUT)
        st.stop()
    with st.sidebar:
        st.caption(f"Signed in as {name} ({', '.join(ROLE_LABELS[r] for r in roles)})")
        st.button("Sign out", on_click=st.logout, key=keys.SIGN_OUT)


def person() -> Person | None:
    """The signed-in person (identifier, team, roles); None when sign-in is off."""
    settings = resources.settings()
    if not settings.sign_in:
        return None
    return Person(user_id=str(st.session_state.get(keys.USER_ID) or ""), team=st.session_state.get(keys.USER_TEAM),
                  roles=tuple(roles() or ()))


def roles() -> list[str] | None:
    """The signed-in person's app roles; None when sign-in is off (one person, every action)."""
    if not resources.settings().sign_in:
        return None
    return list(st.session_state.get(keys.SIGNED_IN_ROLES) or [])
