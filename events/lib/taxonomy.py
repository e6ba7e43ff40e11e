"""ACLED's event taxonomy (codebook 2019 onwards): 6 event types, 25 sub-event types.

Stored values are short stable codes; the labels are ACLED's own wording, so exports and imports
translate one-to-one. The disorder type is derived from the sub-event type, as ACLED does.
"""

from django.db import models


class EventType(models.TextChoices):
    BATTLES = "battles", "Battles"
    EXPLOSIONS = "explosions", "Explosions/Remote violence"
    VIOLENCE_AGAINST_CIVILIANS = "vac", "Violence against civilians"
    PROTESTS = "protests", "Protests"
    RIOTS = "riots", "Riots"
    STRATEGIC = "strategic", "Strategic developments"


class SubEventType(models.TextChoices):
    ARMED_CLASH = "armed_clash", "Armed clash"
    GOVERNMENT_REGAINS_TERRITORY = "gov_regains", "Government regains territory"
    NON_STATE_OVERTAKES_TERRITORY = "nsa_overtakes", "Non-state actor overtakes territory"
    CHEMICAL_WEAPON = "chemical_weapon", "Chemical weapon"
    AIR_DRONE_STRIKE = "air_drone_strike", "Air/drone strike"
    SUICIDE_BOMB = "suicide_bomb", "Suicide bomb"
    SHELLING = "shelling", "Shelling/artillery/missile attack"
    REMOTE_EXPLOSIVE = "remote_explosive", "Remote explosive/landmine/IED"
    GRENADE = "grenade", "Grenade"
    SEXUAL_VIOLENCE = "sexual_violence", "Sexual violence"
    ATTACK = "attack", "Attack"
    ABDUCTION = "abduction", "Abduction/forced disappearance"
    PEACEFUL_PROTEST = "peaceful_protest", "Peaceful protest"
    PROTEST_WITH_INTERVENTION = "protest_intervention", "Protest with intervention"
    EXCESSIVE_FORCE = "excessive_force", "Excessive force against protesters"
    VIOLENT_DEMONSTRATION = "violent_demonstration", "Violent demonstration"
    MOB_VIOLENCE = "mob_violence", "Mob violence"
    AGREEMENT = "agreement", "Agreement"
    ARRESTS = "arrests", "Arrests"
    CHANGE_TO_GROUP = "change_to_group", "Change to group/activity"
    DISRUPTED_WEAPONS_USE = "disrupted_weapons", "Disrupted weapons use"
    HQ_ESTABLISHED = "hq_established", "Headquarters or base established"
    LOOTING = "looting", "Looting/property destruction"
    NON_VIOLENT_TRANSFER = "non_violent_transfer", "Non-violent transfer of territory"
    OTHER = "other", "Other"


S = SubEventType
SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    EventType.BATTLES: (
        S.ARMED_CLASH,
        S.GOVERNMENT_REGAINS_TERRITORY,
        S.NON_STATE_OVERTAKES_TERRITORY,
    ),
    EventType.EXPLOSIONS: (
        S.CHEMICAL_WEAPON,
        S.AIR_DRONE_STRIKE,
        S.SUICIDE_BOMB,
        S.SHELLING,
        S.REMOTE_EXPLOSIVE,
        S.GRENADE,
    ),
    EventType.VIOLENCE_AGAINST_CIVILIANS: (S.SEXUAL_VIOLENCE, S.ATTACK, S.ABDUCTION),
    EventType.PROTESTS: (S.PEACEFUL_PROTEST, S.PROTEST_WITH_INTERVENTION, S.EXCESSIVE_FORCE),
    EventType.RIOTS: (S.VIOLENT_DEMONSTRATION, S.MOB_VIOLENCE),
    EventType.STRATEGIC: (
        S.AGREEMENT,
        S.ARRESTS,
        S.CHANGE_TO_GROUP,
        S.DISRUPTED_WEAPONS_USE,
        S.HQ_ESTABLISHED,
        S.LOOTING,
        S.NON_VIOLENT_TRANSFER,
        S.OTHER,
    ),
}
EVENT_TYPE_OF: dict[str, str] = {
    sub: event_type for event_type, subs in SUB_EVENT_TYPES.items() for sub in subs
}


class DisorderType(models.TextChoices):
    POLITICAL_VIOLENCE = "Political violence"
    DEMONSTRATIONS = "Demonstrations"
    POLITICAL_VIOLENCE_AND_DEMONSTRATIONS = "Political violence; Demonstrations"
    STRATEGIC_DEVELOPMENTS = "Strategic developments"


# ACLED codes the demonstration sub-types that involve violence as both.
_DISORDER_EXCEPTIONS: dict[str, DisorderType] = {
    S.PEACEFUL_PROTEST: DisorderType.DEMONSTRATIONS,
    S.PROTEST_WITH_INTERVENTION: DisorderType.DEMONSTRATIONS,
    S.EXCESSIVE_FORCE: DisorderType.POLITICAL_VIOLENCE_AND_DEMONSTRATIONS,
    S.VIOLENT_DEMONSTRATION: DisorderType.POLITICAL_VIOLENCE_AND_DEMONSTRATIONS,
    S.MOB_VIOLENCE: DisorderType.POLITICAL_VIOLENCE,
}


def disorder_type(sub_event_type: str) -> DisorderType:
    exception = _DISORDER_EXCEPTIONS.get(sub_event_type)
    if exception is not None:
        return exception
    if EVENT_TYPE_OF[sub_event_type] == EventType.STRATEGIC:
        return DisorderType.STRATEGIC_DEVELOPMENTS
    return DisorderType.POLITICAL_VIOLENCE
