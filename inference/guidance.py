"""What a clinic reads beside a result: the next step for each outcome (a clinic can set its own
in the app's settings) and plain-language information about each class. No treatment advice, and
no urgency per class: the next step is the triage's alone (issue 31: a condition text that said
"Urgent" under a "Referral" gave a nurse two answers)."""

from __future__ import annotations

from inference.triage import CANNOT_ASSESS, MONITOR, REFERRAL, URGENT

# Defaults; the app lets a clinic replace them (File > Settings).
NEXT_STEPS = {
    URGENT: "Refer to a dermatologist urgently: to be seen within 2 weeks. Send the case today.",
    REFERRAL: "Refer to a dermatologist: to be seen within 6 weeks.",
    MONITOR: "Re-check in 3 months with a new photo (add it to this case as a follow-up). "
    "Refer sooner if it changes in size, shape or colour, bleeds or itches.",
    CANNOT_ASSESS: "Retake the photo. If the app still cannot assess it, refer to a dermatologist: "
    "to be seen within 6 weeks.",
}

CONDITIONS = {
    "akiec": (
        "Actinic keratosis / intraepithelial carcinoma (Bowen's disease)",
        "A rough, scaly patch on sun-damaged skin. It is precancerous or a very early skin cancer "
        "that can grow into squamous cell carcinoma.",
    ),
    "bcc": (
        "Basal cell carcinoma",
        "The most common skin cancer. It grows slowly and rarely spreads, but it damages the skin "
        "around it if left alone.",
    ),
    "bkl": (
        "Benign keratosis (seborrhoeic keratosis, solar lentigo, lichen planus-like keratosis)",
        "Common harmless growths or spots of older skin, often brown and 'stuck on'.",
    ),
    "df": (
        "Dermatofibroma",
        "A harmless firm bump in the skin, often on the legs; it dimples when pinched.",
    ),
    "mel": (
        "Melanoma",
        "A skin cancer of the pigment cells. It can spread to other organs, so finding it early matters most.",
    ),
    "nv": (
        "Melanocytic naevus (mole)",
        "A common harmless mole.",
    ),
    "vasc": (
        "Vascular lesion (angioma, angiokeratoma, pyogenic granuloma, haemorrhage)",
        "A spot made of blood vessels, usually red or purple; most are harmless.",
    ),
}


def condition_markdown(key: str, tr=lambda text: text) -> str:
    """What the class is, in plain words; never what to do (that is the triage's one next step, so
    the screen cannot name two urgencies). tr: the app's translation of each sentence."""
    name, what = (tr(t) for t in CONDITIONS[key])
    return f"**{name}.** {what}"
