using PolicyCare.Billing;

namespace PolicyCare.Web;

public static class ReliefText
{
    /// <summary>A refusal of the relief rules in the reader's language.</summary>
    public static string Refusal(ReliefRefusedException e) => e.Field switch
    {
        "plan" => Ui.T("A payment plan is already running on this policy."),
        "arrears" => Ui.T("Nothing is overdue, so there is nothing to spread or defer."),
        "status" => Ui.T("This policy cannot take a payment plan or deferral in its current status."),
        _ when e.Message.Contains("offers no", StringComparison.Ordinal) => Ui.T("This product does not offer it."),
        _ => Ui.T("That choice is outside what the product allows."),
    };
}
