using System.Text;
using RtesResources.Web.Features.Files;

namespace RtesResources.Tests.Publishing;

/// <summary>What the captions upload accepts as WebVTT: files as subtitle editors save them, on any system.</summary>
public sealed class WebVttCheckTests
{
    private const string Cue = "00:00.000 --> 00:04.000\nÉconomie sociale et solidaire\n";

    [Theory]
    [InlineData("WEBVTT\n\n" + Cue)]
    [InlineData("WEBVTT\r\n\r\n00:00.000 --> 00:04.000\r\nÉconomie sociale et solidaire\r\n")]
    [InlineData("WEBVTT\r\rÉconomie\r")]
    [InlineData("WEBVTT - Rencontre nationale 2019\n\n" + Cue)]
    [InlineData("WEBVTT\tRencontre\n\n" + Cue)]
    [InlineData("WEBVTT")]
    public void WebVttWithOrWithoutAByteOrderMarkAndWithAnyLineEndingsIsAccepted(string text)
    {
        Assert.Null(VideoCaptionsService.Problem(Encoding.UTF8.GetBytes(text)));
        Assert.Null(VideoCaptionsService.Problem([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]));
    }

    [Theory]
    [InlineData("\uFEFF\uFEFFWEBVTT\n\n" + Cue, "première ligne")]
    [InlineData(" WEBVTT\n\n" + Cue, "première ligne")]
    [InlineData("webvtt\n\n" + Cue, "première ligne")]
    [InlineData("WEBVTT-\n\n" + Cue, "première ligne")]
    [InlineData("WEBVTT\n\n\0" + Cue, "caractères nuls")]
    public void AnythingElseIsRefusedWithItsReason(string text, string reason)
    {
        Assert.Contains(reason, VideoCaptionsService.Problem(Encoding.UTF8.GetBytes(text)), StringComparison.Ordinal);
    }

    [Fact]
    public void UtfSixteenIsRefusedAsNotUtf8()
    {
        Assert.Contains("UTF-8", VideoCaptionsService.Problem(Encoding.Unicode.GetBytes("\uFEFFWEBVTT\n\n" + Cue)), StringComparison.Ordinal);
    }
}
