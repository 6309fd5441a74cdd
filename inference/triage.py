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


def decide(
    malignant_probability: float,
    referral_threshold: float,
    urgent_threshold: float,
    severe_quality: tuple[str, ...] = (),
    out_of_distribution: bool = False,
    malignant_spread: float = 0.0,
    disagreement: float = 0.0,
    top1_agree: bool = True,
) -> tuple[str, str]:
    """Return (outcome, reason in plain language)."""
    if severe_quality:
        return CANNOT_ASSESS, severe_quality[0]
    if out_of_distribution:
        return CANNOT_ASSESS, (
            "This does not look like a dermoscopic photo of a skin lesion. Retake the photo with "
            "the dermatoscope, or refer."
        )
    p = malignant_probability
    if p >= urgent_threshold:
        return URGENT, f"High probability of a malignant lesion ({p:.0%})."
    if p >= referral_threshold:
        return REFERRAL, f"A malignant lesion cannot be ruled out ({p:.0%})."
    if malignant_spread > DISAGREE_MALIGNANT_SPREAD or (not top1_agree and disagreement > DISAGREE_TV):
        return REFERRAL, "The models disagree about this lesion; a specialist should look at it."
    return MONITOR, f"Low probability of a malignant lesion ({p:.0%}). Re-check if it changes."
