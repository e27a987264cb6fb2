using PolicyCare.Codes;

namespace PolicyCare.Notices;

/// <summary>A step of the standard notice cadence, or of a claim.</summary>
public enum Stage
{
    PreDebitNotice, RenewalNotice, FirstReminder, SecondReminder, LapseNotice, ReinstatementFollowUp, TerminationNotice,
    ClaimAcknowledgement, ClaimInformationRequest, ClaimInvestigation, ClaimDecision, ClaimPayment, ClaimSurvey,
    CaseAcknowledgement, CaseAnswer, Survey,
    ChangeConfirmation, ContactCode,
    RenewalSurvey, PolicyReview, InspectionReport, RenewalConfirmation,
    PublicListing,
    RebindOffer,
    EarlyReminder,
    ChangeDecision,
    CoverEnded,
    CaseQuestion,
}

public static class Stages
{
    public static readonly CodeTable<Stage> Table = new("notice stage",
        (Stage.PreDebitNotice, "pre-debit-notice"),
        (Stage.RenewalNotice, "renewal-notice"),
        (Stage.FirstReminder, "first-reminder"),
        (Stage.SecondReminder, "second-reminder"),
        (Stage.LapseNotice, "lapse-notice"),
        (Stage.ReinstatementFollowUp, "reinstatement-follow-up"),
        (Stage.TerminationNotice, "termination-notice"),
        (Stage.ClaimAcknowledgement, "claim-acknowledgement"),
        (Stage.ClaimInformationRequest, "claim-information-request"),
        (Stage.ClaimInvestigation, "claim-investigation"),
        (Stage.ClaimDecision, "claim-decision"),
        (Stage.ClaimPayment, "claim-payment"),
        (Stage.ClaimSurvey, "claim-survey"),
        (Stage.CaseAcknowledgement, "case-acknowledgement"),
        (Stage.CaseAnswer, "case-answer"),
        (Stage.Survey, "survey"),
        (Stage.ChangeConfirmation, "change-confirmation"),
        (Stage.ContactCode, "contact-code"),
        (Stage.RenewalSurvey, "renewal-survey"),
        (Stage.PolicyReview, "policy-review"),
        (Stage.InspectionReport, "inspection-report"),
        (Stage.RenewalConfirmation, "renewal-confirmation"),
        (Stage.PublicListing, "public-listing"),
        (Stage.RebindOffer, "rebind-offer"),
        (Stage.EarlyReminder, "early-reminder"),
        (Stage.ChangeDecision, "change-decision"),
        (Stage.CoverEnded, "cover-ended"),
        (Stage.CaseQuestion, "case-question"));

    /// <summary>A claim's notices: to the policyholder only, never to an employer or other members (a claim is about someone's health).</summary>
    public static bool IsClaim(this Stage stage) => stage is >= Stage.ClaimAcknowledgement and <= Stage.ClaimSurvey;

    /// <summary>A case's notices and surveys: to the customer who wrote, never to an employer or other members.</summary>
    public static bool IsCase(this Stage stage) => stage is >= Stage.CaseAcknowledgement and <= Stage.Survey or Stage.CaseQuestion;

    /// <summary>A policy change's notices: its confirmation with the endorsement, and the one-time code that proves a new contact works.</summary>
    public static bool IsChange(this Stage stage) => stage is Stage.ChangeConfirmation or Stage.ContactCode or Stage.RenewalConfirmation or Stage.ChangeDecision;

    /// <summary>Notices about one person's own business (a claim, a complaint, a survey): the holder's alone.</summary>
    public static bool IsPersonal(this Stage stage) => stage.IsClaim() || stage.IsCase() || stage.IsChange() || stage is Stage.RenewalSurvey or Stage.PolicyReview or Stage.InspectionReport or Stage.RebindOffer;

    public static string Code(this Stage stage) => Table.Code(stage);

    public static bool TryParse(string code, out Stage stage) => Table.TryParse(code, out stage);

    /// <summary>
    /// Notices with legal effect: preferences never remove their durable channel. An endorsement's
    /// confirmation changes the contract's paper, so it goes in writing with its PDF like a lapse.
    /// </summary>
    public static bool IsFormal(this Stage stage) => stage is Stage.LapseNotice or Stage.TerminationNotice or Stage.ChangeConfirmation or Stage.RenewalConfirmation
        or Stage.ChangeDecision or Stage.CoverEnded;

    /// <summary>
    /// What the daily cap per person counts and holds back: the contacts the customer did not ask for — payment reminders and
    /// follow-ups, the offer to rebind a card, surveys and policy reviews. Never the answer to something the customer started
    /// (a claim's steps, a complaint's acknowledgement and answer, a change's confirmation), nor a notice a date depends on
    /// (the pre-debit and renewal notices, the formal notices): a complaint answered on time must not arrive the next day
    /// because three reminders went out first.
    /// </summary>
    public static bool IsCapped(this Stage stage) => stage is Stage.EarlyReminder or Stage.FirstReminder or Stage.SecondReminder
        or Stage.ReinstatementFollowUp or Stage.RebindOffer or Stage.Survey or Stage.ClaimSurvey or Stage.RenewalSurvey or Stage.PolicyReview;

    /// <summary>Notices the insured must get too when the insured is not the holder (Korean Commercial Act art. 650(3)).</summary>
    public static bool ConcernsInsured(this Stage stage) => stage is Stage.SecondReminder or Stage.LapseNotice or Stage.TerminationNotice or Stage.CoverEnded;

    /// <summary>
    /// Reminders a payment makes pointless; pending ones are cancelled when nothing is overdue any more.
    /// A pre-debit notice is not one: it announces the next installment's debit, which a payment of arrears does not settle.
    /// </summary>
    public static bool IsPaymentReminder(this Stage stage) => stage is Stage.FirstReminder or Stage.SecondReminder;

    /// <summary>
    /// The delinquency cadence's notices, checked against the book just before they leave (the lapse-notification
    /// seed's data check): the policy's status still calls for them, the amount and dates they state are still the
    /// book's, and the contact they go to is still the customer's and works.
    /// </summary>
    public static bool IsCheckedBeforeDispatch(this Stage stage) =>
        stage is Stage.PreDebitNotice or Stage.EarlyReminder or Stage.FirstReminder or Stage.SecondReminder or Stage.LapseNotice or Stage.ReinstatementFollowUp or Stage.TerminationNotice;
}
