using PolicyCare.Codes;
using PolicyCare.Delinquency;
using PolicyCare.Policies;

namespace PolicyCare.Notices;

public sealed class DeliveryFallbackTests
{
    private static Customer Person(ContactPoints contacts, params ContactKind[] invalid) =>
        new("C1", "王伟", new DateOnly(1950, 1, 1), "zh-CN", contacts, [], new EmergencyContact("王芳", "+8613900000002"), invalid.ToHashSet());

    private static readonly ContactPoints All = new("+8613800000001", "w@example.cn", "wx-1", null, null, "上海市1号");

    [Fact]
    public void AfterAFailedText_AnAdultGetsEmailNext_AnElderlyCustomerALetter()
    {
        var adult = DeliveryFallbacks.After(Channel.Sms, new HashSet<Channel> { Channel.Sms }, Person(All), isHolder: true, elderly: false, "P1", "zh-CN");
        var elderly = DeliveryFallbacks.After(Channel.Sms, new HashSet<Channel> { Channel.Sms }, Person(All), isHolder: true, elderly: true, "P1", "zh-CN");

        Assert.Equal(new SendBy(Channel.Email, "w@example.cn"), adult);
        Assert.Equal(new SendBy(Channel.Letter, "上海市1号"), elderly);
    }

    [Fact]
    public void AnElderlyCustomer_IsReachedByEverythingOfflineBeforeAnythingOnline()
    {
        // Letter and text failed, the mobile is dead (so no voice call either): only then email.
        var next = DeliveryFallbacks.After(Channel.Sms, new HashSet<Channel> { Channel.Letter, Channel.Sms }, Person(All, ContactKind.Mobile),
            isHolder: true, elderly: true, "P1", "zh-CN");

        Assert.Equal(new SendBy(Channel.Email, "w@example.cn"), next);
    }

    [Fact]
    public void NoChannelIsTriedTwice_AndAnInvalidContactIsSkipped()
    {
        var next = DeliveryFallbacks.After(Channel.Email, new HashSet<Channel> { Channel.Sms, Channel.Email }, Person(All), isHolder: true, elderly: false, "P1", "zh-CN");

        Assert.Equal(new SendBy(Channel.Letter, "上海市1号"), next);
    }

    [Fact]
    public void WhenNothingReachesTheHolder_ATracingCaseIsOpenedAndTheEmergencyContactAskedToCall_WithoutTheNoticeText()
    {
        var none = new ContactPoints("+8613800000001", null, null, null, null, null);
        var holder = DeliveryFallbacks.After(Channel.Sms, new HashSet<Channel> { Channel.Sms }, Person(none, ContactKind.Mobile), isHolder: true, elderly: false, "P1", "zh-CN");
        var insured = DeliveryFallbacks.After(Channel.Sms, new HashSet<Channel> { Channel.Sms }, Person(none, ContactKind.Mobile), isHolder: false, elderly: false, "P1", "zh-CN");

        var trace = Assert.IsType<TraceHolder>(holder);
        Assert.Equal("P1|tracing|C1", trace.Case.Key);
        Assert.Equal("+8613900000002", trace.EmergencyMobile);
        Assert.Contains("P1", trace.EmergencyText, StringComparison.Ordinal);
        Assert.IsType<NoFallback>(insured);
    }

    [Fact]
    public void EveryCodeTable_ReadsBackWhatItWrites_AndRejectsAnUnknownCode()
    {
        void RoundTrip<T>(CodeTable<T> table) where T : struct, Enum
        {
            foreach (var value in Enum.GetValues<T>()) Assert.Equal(value, table.Parse(table.Code(value)));
            Assert.Throws<FormatException>(() => table.Parse("no-such-code"));
        }
        RoundTrip(PolicyStatuses.Table);
        RoundTrip(Stages.Table);
        RoundTrip(Channels.Table);
        RoundTrip(NoticeStatuses.Table);
        RoundTrip(Frequencies.Table);
        RoundTrip(Billing.DebitFailureReasons.Table);
        RoundTrip(HealthReviews.Table);
        Assert.Equal("semiannual", Frequency.Semiannual.Code());
        Assert.Equal("in-force", PolicyStatus.InForce.Code());
    }
}
