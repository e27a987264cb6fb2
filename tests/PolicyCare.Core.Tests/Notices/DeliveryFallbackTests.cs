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
        var adult = DeliveryFallbacks.After(Channel.Sms, new HashSet<Channel> { Channel.Sms }, Person(All), isHolder: true, elderly: false, "P1", "zh-CN", "CNY");
        var elderly = DeliveryFallbacks.After(Channel.Sms, new HashSet<Channel> { Channel.Sms }, Person(All), isHolder: true, elderly: true, "P1", "zh-CN", "CNY");

        Assert.Equal(new SendBy(Channel.Email, "w@example.cn"), adult);
        Assert.Equal(new SendBy(Channel.Letter, "上海市1号"), elderly);
    }

    [Fact]
    public void AnElderlyCustomer_IsReachedByEverythingOfflineBeforeAnythingOnline()
    {
        // Letter and text failed, the mobile is dead (so no voice call either): only then email.
        var next = DeliveryFallbacks.After(Channel.Sms, new HashSet<Channel> { Channel.Letter, Channel.Sms }, Person(All, ContactKind.Mobile),
            isHolder: true, elderly: true, "P1", "zh-CN", "CNY");

        Assert.Equal(new SendBy(Channel.Email, "w@example.cn"), next);
    }

    [Fact]
    public void NoChannelIsTriedTwice_AndAnInvalidContactIsSkipped()
    {
        var next = DeliveryFallbacks.After(Channel.Email, new HashSet<Channel> { Channel.Sms, Channel.Email }, Person(All), isHolder: true, elderly: false, "P1", "zh-CN", "CNY");

        Assert.Equal(new SendBy(Channel.Letter, "上海市1号"), next);
    }

    [Fact]
    public void WhenNothingReachesTheHolder_ATracingCaseIsOpenedAndTheEmergencyContactAskedToCall_WithoutTheNoticeText()
    {
        var none = new ContactPoints("+8613800000001", null, null, null, null, null);
        var holder = DeliveryFallbacks.After(Channel.Sms, new HashSet<Channel> { Channel.Sms }, Person(none, ContactKind.Mobile), isHolder: true, elderly: false, "P1", "zh-CN", "CNY");
        var insured = DeliveryFallbacks.After(Channel.Sms, new HashSet<Channel> { Channel.Sms }, Person(none, ContactKind.Mobile), isHolder: false, elderly: false, "P1", "zh-CN", "CNY");

        var trace = Assert.IsType<TraceHolder>(holder);
        Assert.Equal("P1|tracing|C1", trace.Case.Key);
        Assert.Equal("+8613900000002", trace.EmergencyMobile);
        Assert.Contains("P1", trace.EmergencyText, StringComparison.Ordinal);
        Assert.IsType<NoFallback>(insured);
    }

    /// <summary>
    /// The cycle's probe (DailyCycle.NextReview) counts an occasion as something happening without planning it: that holds
    /// only because every plan reaches the holder — by a channel, as a failed notice, or as a tracing case.
    /// </summary>
    [Theory]
    [InlineData(Stage.PreDebitNotice)]
    [InlineData(Stage.EarlyReminder)]
    [InlineData(Stage.FirstReminder)]
    [InlineData(Stage.SecondReminder)]
    [InlineData(Stage.LapseNotice)]
    [InlineData(Stage.ReinstatementFollowUp)]
    [InlineData(Stage.TerminationNotice)]
    [InlineData(Stage.RenewalNotice)]
    [InlineData(Stage.CoverEnded)]
    public void EveryOccasion_PlansSomethingForTheHolder_WhateverContactsTheyHave(Stage stage)
    {
        var contacts = new (ContactPoints Points, ContactKind[] Invalid)[]
        {
            (All, []),
            (new ContactPoints(null, null, null, null, null, null), []),
            (new ContactPoints("+8613800000001", null, null, null, null, null), [ContactKind.Mobile]),
            (All, [ContactKind.Mobile, ContactKind.Email, ContactKind.Wechat, ContactKind.Address]),
        };
        foreach (var (points, invalid) in contacts)
            foreach (var born in new[] { 1950, 1990 })
            {
                var holder = Person(points, invalid) with { BirthDate = new DateOnly(born, 1, 1), Emergency = null };
                var plan = NoticePlanner.Plan(new NoticeOccasion(stage, "installment-3", new NoticeFacts("P1", "CNY", 100m, DueDate: new DateOnly(2026, 6, 1))),
                    new PolicyParties(holder, holder, null, []), new DateOnly(2026, 6, 10), 65, "zh-CN");
                Assert.True(plan.Notices.Count + plan.Cases.Count > 0, $"{stage}, born {born}, contacts {points}, invalid {string.Join(",", invalid)}: nothing planned");
            }
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
