using LinuxBootSharp.Mkinitramfs;

return MkinitramfsCommand.Run(args);
