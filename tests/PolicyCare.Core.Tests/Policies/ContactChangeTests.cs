using PolicyCare.Notices;
using PolicyCare.Servicing;

namespace PolicyCare.Policies;

public sealed class ContactChangeTests
{
    private static readonly DateTimeOffset Sent = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private static readonly CodeState Fresh = new(Sent + ContactChanges.CodeLifetime, 0, null, null);

    [Theory]
    [InlineData("010-1234-5678", "01012345678")]
    [InlineData("+86 138 0013 8000", "+8613800138000")]
    [InlineData(" (02) 312-3456 ", "023123456")]
    public void AMobileNumberIsKeptAsItsDigits(string given, string kept) =>
        Assert.Equal(kept, ContactChanges.Normalize(ContactKind.Mobile, given).Address);

    [Theory]
    [InlineData("010-5555-0177", "ko-KR", "+821055550177")]
    [InlineData("+82 10 5555 0177", "ko-KR", "+821055550177")]
    [InlineData("139 0000 0177", "zh-CN", "+8613900000177")]
    [InlineData("+86 139 0000 0177", "zh-CN", "+8613900000177")]
    [InlineData("010-5555-0177", "zh-CN", "01055550177")]
    [InlineData("02-312-3456", "ko-KR", "023123456")]
    public void TheSamePhone_IsOneAddress_HoweverTheCustomerTypesIt(string given, string locale, string kept) =>
        Assert.Equal(kept, ContactChanges.Normalize(ContactKind.Mobile, given, locale).Address);

    [Theory]
    [InlineData("1234567")]
    [InlineData("010-1234-5678x")]
    [InlineData("010+1234+5678")]
    [InlineData("")]
    public void NotAMobileNumber_IsRefusedNamingTheAddress(string given) =>
        Assert.Equal("address", ContactChanges.Normalize(ContactKind.Mobile, given).Refusal!.Field);

    [Fact]
    public void AnEmailKeepsItsLocalPart_AndLowerCasesItsDomain()
    {
        Assert.Equal("Li.Na@example.com", ContactChanges.Normalize(ContactKind.Email, " Li.Na@Example.COM ").Address);
        foreach (var bad in new[] { "li.na", "li@na", "li@@example.com", "li na@example.com", "@example.com", "li@example." })
            Assert.Equal("address", ContactChanges.Normalize(ContactKind.Email, bad).Refusal!.Field);
    }

    [Fact]
    public void TheRightCodeInTime_Confirms_AndCannotBeUsedAgain()
    {
        var verdict = ContactChanges.Check(Fresh, matches: true, Sent.AddMinutes(3));
        Assert.Equal(CodeResult.Confirmed, verdict.Result);
        Assert.Equal(CodeResult.Used, ContactChanges.Check(verdict.State, true, Sent.AddMinutes(4)).Result);
    }

    [Fact]
    public void AWrongCode_CountsATry_AndTheFifthLocksForThirtyMinutes_EvenAgainstTheRightCode()
    {
        var state = Fresh;
        for (var i = 1; i < ContactChanges.MaxTries; i++)
        {
            var wrong = ContactChanges.Check(state, false, Sent.AddMinutes(1));
            Assert.Equal((CodeResult.Wrong, ContactChanges.MaxTries - i), (wrong.Result, wrong.TriesLeft));
            state = wrong.State;
        }
        var locked = ContactChanges.Check(state, false, Sent.AddMinutes(2));
        Assert.Equal(CodeResult.Locked, locked.Result);
        Assert.Equal(Sent.AddMinutes(32), locked.State.LockedUntil);
        Assert.Equal(CodeResult.Locked, ContactChanges.Check(locked.State, true, Sent.AddMinutes(3)).Result);
        // While locked no new code is sent either: asking again is no way round the lock.
        Assert.Equal("code", ContactChanges.MaySend([locked.State], 1, Sent.AddMinutes(5))!.Field);
        Assert.Null(ContactChanges.MaySend([locked.State], 1, Sent.AddMinutes(33)));
    }

    [Fact]
    public void ACodeAfterTenMinutes_HasExpired()
    {
        Assert.Equal(CodeResult.Confirmed, ContactChanges.Check(Fresh, true, Sent.AddMinutes(10)).Result);
        Assert.Equal(CodeResult.Expired, ContactChanges.Check(Fresh, true, Sent.AddMinutes(10).AddSeconds(1)).Result);
    }

    [Fact]
    public void AtMostFiveCodesAnHour()
    {
        Assert.Null(ContactChanges.MaySend([], ContactChanges.MaxCodesPerHour - 1, Sent));
        Assert.Equal("address", ContactChanges.MaySend([], ContactChanges.MaxCodesPerHour, Sent)!.Field);
    }

    [Theory]
    [InlineData("zh-CN", "验证码482913")]
    [InlineData("ko-KR", "인증번호 482913")]
    [InlineData("en-US", "code to change your mobile number is 482913")]
    public void TheCodeMessage_SaysWhatItIsFor_AndNeverToShareIt(string locale, string expected)
    {
        var occasion = new NoticeOccasion(Stage.ContactCode, "code", new NoticeFacts("", "CNY", 0m, Change: new ChangeFacts("mobile", Code: "482913")));
        var text = ChangeTemplates.Render(occasion, locale, "", "");
        Assert.Contains(expected, text);
        Assert.Contains("10", text);
    }

    [Theory]
    [InlineData("zh-CN", "批单号E-000042", "变更前：Li Na · 配偶 · 100%。变更后：Li Na · 配偶 · 60%；Li Ming · 子女 · 40%", "2026年12月3日")]
    [InlineData("ko-KR", "배서번호 E-000042", "변경 후: Li Na · 배우자 · 60%; Li Ming · 자녀 · 40%", "2026년 12월 3일")]
    [InlineData("en-US", "endorsement E-000042", "Before: Li Na · spouse · 100%. After: Li Na · spouse · 60%; Li Ming · child · 40%", "3 December 2026")]
    public void TheConfirmation_NamesTheEndorsement_AndWhatChangedFromWhatToWhat(string locale, string reference, string lines, string date)
    {
        var occasion = new NoticeOccasion(Stage.ChangeConfirmation, "e-42", new NoticeFacts("P-1", "CNY", 0m,
            Change: new ChangeFacts("beneficiaries", "E-000042", new DateOnly(2026, 12, 3),
                PeopleBefore: [new("Li Na", Relationship.Spouse, 100)], PeopleAfter: [new("Li Na", Relationship.Spouse, 60), new("Li Ming", Relationship.Child, 40)])));
        var text = ChangeTemplates.Render(occasion, locale, "Li Na", "");
        Assert.Contains(reference, text);
        Assert.Contains(lines, text);
        Assert.Contains(date, text);
    }

    [Fact]
    public void TheConfirmation_GoesInWriting_AndIsTheHoldersAlone()
    {
        Assert.True(Stage.ChangeConfirmation.IsFormal());
        Assert.True(Stage.ChangeConfirmation.IsPersonal());
        Assert.False(Stage.ChangeConfirmation.IsCase());
    }
}
