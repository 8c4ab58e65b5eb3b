using System.Buffers.Binary;
using System.Diagnostics;
using LinuxBootSharp.BootConfig.Uki;
using LinuxBootSharp.Storage;
using LinuxBootSharp.Tests.Shared;

namespace LinuxBootSharp.BootConfig.Tests;

public class UkiTests
{
    private static readonly byte[] Kernel = MakeBytes(5000, 7);
    private static readonly byte[] Initrd = MakeBytes(3000, 13);
    private static readonly byte[] Ucode = MakeBytes(700, 29);

    private static byte[] MakeBytes(int n, int seed)
    {
        var b = new byte[n];
        new Random(seed).NextBytes(b);
        return b;
    }

    private static Dictionary<string, byte[]> Sections(string osrel = "NAME=\"Fedora Linux\"\nVERSION_ID=40\nPRETTY_NAME=\"Fedora Linux 40 (Forty)\"\nID=fedora\n") => new()
    {
        [".osrel"] = System.Text.Encoding.UTF8.GetBytes(osrel),
        [".cmdline"] = "root=UUID=1 quiet\n\0"u8.ToArray(),
        [".uname"] = "6.8.5-301.fc40.x86_64"u8.ToArray(),
        [".ucode"] = Ucode,
        [".linux"] = Kernel,
        [".initrd"] = Initrd,
    };

    private static byte[] Read(FileRef r)
    {
        using var s = r.Tree.OpenRead(r.Path);
        s.Position = r.Offset;
        var b = new byte[r.Length!.Value];
        s.ReadExactly(b);
        return b;
    }

    [Fact]
    public void ParsesGeneratedPeAndExtractsEveryByteRange()
    {
        var img = UkiTestImage.Build(Sections());
        var tree = new InMemoryFileTree(new FileSystemIdentity { Type = "vfat", Device = "/dev/vda1" }).AddFile("/EFI/Linux/fedora-6.8.5.efi", img.Bytes);
        var r = new UkiParser("x64").Parse(tree, []);
        var e = Assert.Single(r.Entries);
        Assert.Equal("uki", e.Source);
        Assert.Equal("fedora-6.8.5", e.Id);
        Assert.Equal("Fedora Linux 40 (Forty)", e.Title);
        Assert.Equal("6.8.5-301.fc40.x86_64", e.Version);
        Assert.Equal("root=UUID=1 quiet", e.Cmdline);
        Assert.Equal("/dev/vda1:/EFI/Linux/fedora-6.8.5.efi", e.SourceFile);
        Assert.Equal(img.Ranges[".linux"], (e.Kernel!.Offset, e.Kernel.Length!.Value));
        Assert.Equal(Kernel, Read(e.Kernel));
        // .ucode goes before .initrd.
        Assert.Equal([Ucode, Initrd], e.Initrds.Select(Read));
        Assert.Equal("fedora", e.Properties["sort-key"]);
        Assert.Equal("40", e.Properties["os-version"]);
        Assert.True(e.IsBootable);
        Assert.Empty(e.Diagnostics);
    }

    [Theory]
    [InlineData("NAME=Foo\nVERSION_ID=1\n", "Foo")]
    [InlineData("IMAGE_ID=appliance\nNAME=Foo\n", "appliance")]
    [InlineData("ID=bar\n", "bar")]
    [InlineData("# nothing\n", "plain")]
    [InlineData("PRETTY_NAME='Single \"quoted\"'\n", "Single \"quoted\"")]
    [InlineData("PRETTY_NAME=\"Esc \\\"aped\\\" \\$x\"\n", "Esc \"aped\" $x")]
    public void TitleFallsBackAsSystemdBootDoes(string osrel, string title)
    {
        var tree = new InMemoryFileTree().AddFile("/EFI/Linux/plain.efi", UkiTestImage.Build(Sections(osrel)).Bytes);
        Assert.Equal(title, Assert.Single(new UkiParser("x64").Parse(tree, []).Entries).Title);
    }

    [Fact]
    public void LoaderConfEditorNoDeniesEditingOfUkisToo()
    {
        // systemd-boot refuses 'e' for Type #2 entries as for Type #1 when loader.conf says "editor no".
        var tree = new InMemoryFileTree()
            .AddFile("/EFI/Linux/a.efi", UkiTestImage.Build(Sections("ID=fedora\nVERSION_ID=40\nPRETTY_NAME=F\n")).Bytes)
            .AddFile("/loader/loader.conf", "timeout 3\neditor no\n");
        var e = Assert.Single(new UkiParser("x64").Parse(tree, []).Entries);
        var denial = Assert.IsType<EditDenial>(e.EditDenied);
        Assert.Equal(2, denial.Line);
        Assert.EndsWith("/loader/loader.conf", denial.File);
    }

    [Fact]
    public void SortsLikeTypeOneEntriesAndHonoursBootCountingAndDefault()
    {
        var tree = new InMemoryFileTree()
            .AddFile("/EFI/Linux/a-old.efi", UkiTestImage.Build(Sections("ID=fedora\nVERSION_ID=39\nPRETTY_NAME=F\n")).Bytes)
            .AddFile("/EFI/Linux/b-new.efi", UkiTestImage.Build(Sections("ID=fedora\nVERSION_ID=40\nPRETTY_NAME=F\n")).Bytes)
            .AddFile("/EFI/Linux/c-bad+0-2.efi", UkiTestImage.Build(Sections("ID=fedora\nVERSION_ID=41\nPRETTY_NAME=F\n")).Bytes)
            .AddFile("/loader/loader.conf", "default a-*.efi\n");
        var r = new UkiParser("x64").Parse(tree, []);
        Assert.Equal(["b-new", "a-old", "c-bad"], r.Entries.Select(e => e.Id));
        Assert.Equal(new BootCounting(0, 2), r.Entries[2].Counting);
        Assert.Equal("bad", r.Entries[2].Counting?.State);
        Assert.Equal("a-old", Assert.Single(r.Entries, e => e.IsDefault).Id);
        // Same title three times: told apart by version.
        Assert.All(r.Entries, e => Assert.StartsWith("F (", e.Title));
    }

    [Fact]
    public void AddonsAreListedAsDiagnostic()
    {
        var tree = new InMemoryFileTree()
            .AddFile("/EFI/Linux/x.efi", UkiTestImage.Build(Sections()).Bytes)
            .AddFile("/EFI/Linux/x.efi.extra.d/debug.addon.efi", UkiTestImage.Build(new() { [".cmdline"] = "debug"u8.ToArray() }).Bytes)
            .AddFile("/loader/addons/all.addon.efi", UkiTestImage.Build(new() { [".cmdline"] = "quiet"u8.ToArray() }).Bytes);
        var r = new UkiParser("x64").Parse(tree, []);
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("all.addon.efi") && d.File == "memory:/loader/addons");
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("add-ons not supported") && d.Message.Contains("debug.addon.efi"));
        Assert.Contains(Assert.Single(r.Entries).Diagnostics, d => d.Message.Contains("extra.d"));
    }

    [Fact]
    public void PlainEfiProgramOtherArchitectureAndGarbageAreNotEntries()
    {
        var tree = new InMemoryFileTree()
            .AddFile("/EFI/Linux/shell.efi", UkiTestImage.Build(new() { [".data"] = [1, 2, 3] }).Bytes)
            .AddFile("/EFI/Linux/arm.efi", UkiTestImage.Build(Sections(), machine: 0xAA64).Bytes)
            .AddFile("/EFI/Linux/junk.efi", System.Text.Encoding.ASCII.GetBytes(new string('x', 300)))
            .AddFile("/EFI/Linux/empty.efi", []);
        var r = new UkiParser("x64").Parse(tree, []);
        Assert.Empty(r.Entries);
        Assert.Contains(r.Diagnostics, d => d.File!.EndsWith("shell.efi") && d.Message.Contains("no .linux"));
        Assert.Contains(r.Diagnostics, d => d.File!.EndsWith("arm.efi") && d.Message.Contains("'aa64'"));
        Assert.Contains(r.Diagnostics, d => d.File!.EndsWith("junk.efi") && d.Message.Contains("MZ"));
        Assert.Contains(r.Diagnostics, d => d.File!.EndsWith("empty.efi") && d.Severity == Severity.Error);
        Assert.Single(new UkiParser("aa64").Parse(tree, []).Entries);
    }

    private static byte[] Patch(byte[] pe, int offset, uint value)
    {
        var b = (byte[])pe.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(offset), value);
        return b;
    }

    private static int LinuxIndex(Dictionary<string, byte[]> s) => s.Keys.ToList().IndexOf(".linux") + 1;

    [Fact]
    public void LyingSizeOfRawDataIsDiagnosedAndTheSectionDropped()
    {
        var s = Sections();
        var img = UkiTestImage.Build(s);
        var lying = Patch(img.Bytes, UkiTestImage.SectionHeaderOffset(LinuxIndex(s)) + 16, 0x7FFF_0000);
        var r = new UkiParser("x64").Parse(new InMemoryFileTree().AddFile("/EFI/Linux/l.efi", lying), []);
        Assert.Empty(r.Entries);
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("section .linux claims") && d.Message.Contains("past the end"));
    }

    [Fact]
    public void LyingPointerToRawDataIsDiagnosed()
    {
        var s = Sections();
        var lying = Patch(UkiTestImage.Build(s).Bytes, UkiTestImage.SectionHeaderOffset(LinuxIndex(s)) + 20, 0xFFFF_FF00);
        var r = new UkiParser("x64").Parse(new InMemoryFileTree().AddFile("/EFI/Linux/l.efi", lying), []);
        Assert.Empty(r.Entries);
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("past the end"));
    }

    [Fact]
    public void VirtualSizeLargerThanRawDataUsesOnlyTheFileBytes()
    {
        var s = Sections();
        var img = UkiTestImage.Build(s);
        var lying = Patch(img.Bytes, UkiTestImage.SectionHeaderOffset(LinuxIndex(s)) + 8, 0x0100_0000);
        var e = Assert.Single(new UkiParser("x64").Parse(new InMemoryFileTree().AddFile("/EFI/Linux/l.efi", lying), []).Entries);
        Assert.Equal(img.Ranges[".linux"].Offset, e.Kernel!.Offset);
        Assert.Equal(5120, e.Kernel.Length); // SizeOfRawData: 5000 rounded up to 0x200
        Assert.Contains(e.Diagnostics, d => d.Message.Contains("VirtualSize"));
    }

    [Fact]
    public void AbsurdSectionCountAndHeaderOffsetAreBounded()
    {
        var img = UkiTestImage.Build(Sections());
        var many = (byte[])img.Bytes.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(many.AsSpan(UkiTestImage.PeOffset + 4 + 2), 0xFFFF);
        using (var ms = new MemoryStream(many))
        {
            var pe = PeFile.Read(ms);
            Assert.Contains(pe.Problems, p => p.Contains("65535 sections"));
            Assert.True(pe.Sections.Count <= PeFile.MaxSections);
        }
        using (var ms = new MemoryStream(Patch(img.Bytes, 0x3C, 0xFFFF_FFF0)))
        {
            var pe = PeFile.Read(ms);
            Assert.False(pe.IsValid);
            Assert.Contains(pe.Problems, p => p.Contains("outside"));
        }
        using (var ms = new MemoryStream(img.Bytes.AsSpan(0, UkiTestImage.SectionTableOffset + 20).ToArray()))
        {
            var pe = PeFile.Read(ms);
            Assert.Contains(pe.Problems, p => p.Contains("runs past the end"));
        }
    }

    [Fact]
    public void HugeCmdlineSectionIsRefused()
    {
        var s = Sections();
        s[".cmdline"] = new byte[UkiImage.MaxTextSectionBytes + 1];
        var e = Assert.Single(new UkiParser("x64").Parse(new InMemoryFileTree().AddFile("/EFI/Linux/h.efi", UkiTestImage.Build(s).Bytes), []).Entries);
        Assert.Equal("", e.Cmdline);
        Assert.Contains(e.Diagnostics, d => d.Message.Contains("section .cmdline"));
    }

    [Fact]
    public void ObjcopyAddSectionOnGeneratedStub()
    {
        if (!File.Exists("/usr/bin/objcopy"))
            return; // binutils is part of the build image; without it this check has nothing to run
        var dir = Path.Combine(RepoPaths.TestData, "uki-objcopy-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        try
        {
            var stub = Path.Combine(dir, "stub.efi");
            File.WriteAllBytes(stub, UkiTestImage.Build([]).Bytes);
            var files = new Dictionary<string, byte[]>
            {
                [".osrel"] = "PRETTY_NAME=\"Objcopy Linux\"\nVERSION_ID=7\n"u8.ToArray(),
                [".cmdline"] = "console=ttyS0 rw"u8.ToArray(),
                [".uname"] = "6.1.0-objcopy"u8.ToArray(),
                [".linux"] = Kernel,
                [".initrd"] = Initrd,
            };
            var args = new List<string>();
            long vma = 0x100000;
            foreach (var (name, data) in files)
            {
                var f = Path.Combine(dir, name.TrimStart('.'));
                File.WriteAllBytes(f, data);
                // As ukify does: add each section and give it its own address past the stub.
                args.AddRange(["--add-section", $"{name}={f}", "--change-section-vma", $"{name}=0x{vma:x}"]);
                vma += 0x100000;
            }
            var uki = Path.Combine(dir, "uki.efi");
            args.AddRange([stub, uki]);
            var psi = new ProcessStartInfo("/usr/bin/objcopy") { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in args)
                psi.ArgumentList.Add(a);
            using (var p = Process.Start(psi)!)
            {
                var err = p.StandardError.ReadToEnd();
                p.WaitForExit();
                Assert.True(p.ExitCode == 0, "objcopy failed: " + err);
            }

            var tree = new InMemoryFileTree().AddFile("/EFI/Linux/objcopy.efi", File.ReadAllBytes(uki));
            var e = Assert.Single(new UkiParser("x64").Parse(tree, []).Entries);
            Assert.Equal("Objcopy Linux", e.Title);
            Assert.Equal("6.1.0-objcopy", e.Version);
            Assert.Equal("console=ttyS0 rw", e.Cmdline);
            Assert.Equal(Kernel, Read(e.Kernel!));
            Assert.Equal(Initrd, Read(Assert.Single(e.Initrds)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
