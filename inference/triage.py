"""The triage rule. One of urgent_referral, referral, monitor, cannot_assess; documented in the
README and every model card. Order matters: an image we cannot trust is never triaged."""

from __future__ import annotations

URGENT = "urgent_referral"
REFERRAL = "referral"
MONITOR = "monitor"
CANNOT_ASSESS = "cannot_assess"
OUTCOMES = (URGENT, REFERRAL, MONITOR, CANNOT_ASSESS)

LABELS = {
    URGENT: "Urgent referral",
    REFERRAL: "Referral",
    MONITOR: "Monitor",
    CANNOT_ASSESS: "Cannot assess - refer",
}

# Ensemble: refer when the models' malignant probabilities differ by more than this, or when
# they disagree on the top class with a large distance between their distributions.
DISAGREE_MALIGNANT_SPREAD = 0.30
DISAGREE_TV = 0.35

# Templates ({0} = the malignant probability): the app translates the template, then formats it.
REASONS = {
    URGENT: "High probability of a malignant lesion ({0:.0%}).",
    REFERRAL: "A malignant lesion cannot be ruled out ({0:.0%}).",
    MONITOR: "Low probability of a malignant lesion ({0:.0%}). Re-check if it changes.",
    "disagree": "The models disagree about this lesion; a specialist should look at it.",
}

# Added after a quality gate's reason to refuse (inference/quality.TEXT).
RETAKE = "Retake the photo; if it cannot be improved, refer."

OOD_REASONS = {
    "features": (
        "The model cannot give a result: this photo is not like the skin lesions it learnt from "
        "(an unusual lesion, another camera, or not a lesion). Retake it with the dermatoscope flat "
        "on the skin and the lesion in the centre. If it still cannot assess, refer: a refusal is "
        "not reassurance."
    ),
    "appearance": (
        "The model cannot give a result: the colours and texture are not those of a dermoscopic "
        "photo of skin (no dermatoscope, very dark or washed out, or not skin). Retake it through "
        "the dermatoscope. If it still cannot assess, refer: a refusal is not reassurance."
    ),
    # The appearance check refused and the dark rim of a dermatoscope (or black corners) is in the
    # picture: cropping to the lit circle lets most such lesions be assessed (scripts/rim_eval.py).
    "rim": (
        "The model cannot give a result: the dark circle of the dermatoscope is in the picture, and "
        "the model learnt from photos without it. Crop to the lit circle (Crop to dermatoscope "
        "circle) and it analyses again. If it still cannot assess, refer: a refusal is not "
        "reassurance."
    ),
}


def decide(
    malignant_probability: float,
    referral_threshold: float,
    urgent_threshold: float,
    severe_quality: tuple[str, ...] = (),
    out_of_distribution: bool = False,
    malignant_spread: float = 0.0,
    disagreement: float = 0.0,
    top1_agree: bool = True,
    ood_kind: str = "features",
) -> tuple[str, str]:
    """Return (outcome, reason in plain language). ood_kind: which not-a-lesion check refused
    ('features': unlike the lesions the model learnt; 'appearance': unlike a dermoscopic photo;
    'rim': the appearance, with a dermatoscope's dark rim in the picture)."""
    ood_reason = OOD_REASONS.get(ood_kind, OOD_REASONS["features"])
    if severe_quality and out_of_distribution:  # not a lesion first (a sharper photo of a wall is
        return CANNOT_ASSESS, f"{ood_reason} {severe_quality[0]}"  # still a wall), then the quality finding
    if severe_quality:
        return CANNOT_ASSESS, f"{severe_quality[0]} {RETAKE}"
    if out_of_distribution:
        return CANNOT_ASSESS, ood_reason
    p = malignant_probability
    if p >= urgent_threshold:
        return URGENT, REASONS[URGENT].format(p)
    if p >= referral_threshold:
        return REFERRAL, REASONS[REFERRAL].format(p)
    if malignant_spread > DISAGREE_MALIGNANT_SPREAD or (not top1_agree and disagreement > DISAGREE_TV):
        return REFERRAL, REASONS["disagree"]
    return MONITOR, REASONS[MONITOR].format(p)
