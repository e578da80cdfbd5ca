using Lucene.Net.Store;
using Microsoft.Win32.SafeHandles;

namespace RtesResources.Web.Features.Search;

/// <summary>
/// The index folder read with positional reads (<see cref="RandomAccess.Read(SafeFileHandle, Span{byte}, long)"/>,
/// pread on Linux): any number of searches read the same file at once without a lock, and a read is
/// one system call. Lucene.NET's NIOFSDirectory reads through a shared FileStream, which asks the file
/// its length (fstat) and takes a lock on each read; under concurrent searches that cost more than
/// decoding the postings. Memory-mapping the files would avoid both but counts every page of the
/// index read into the process's resident memory. Writing is NIOFSDirectory's.
/// </summary>
internal sealed class PositionalReadDirectory(DirectoryInfo path) : NIOFSDirectory(path)
{
    /// <summary>Bytes read at a time: a page, where Lucene's default (1 KB) meant four reads for one.</summary>
    private const int ReadSize = 4096;

    public override IndexInput OpenInput(string name, IOContext context)
    {
        EnsureOpen();
        var file = Path.Combine(Directory.FullName, name);
        var handle = OpenForReading(file);
        return new PositionalReadInput($"PositionalReadInput(path=\"{file}\")", handle, 0, RandomAccess.GetLength(handle), ownsHandle: true);
    }

    public override IndexInputSlicer CreateSlicer(string name, IOContext context)
    {
        EnsureOpen();
        var file = Path.Combine(Directory.FullName, name);
        return new Slicer(file, OpenForReading(file));
    }

    private static SafeFileHandle OpenForReading(string file) =>
        File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

    /// <summary>Slices of a compound file, sharing its handle; the slicer closes it.</summary>
    private sealed class Slicer(string file, SafeFileHandle handle) : IndexInputSlicer
    {
        public override IndexInput OpenSlice(string sliceDescription, long offset, long length) =>
            new PositionalReadInput($"PositionalReadInput({sliceDescription} in path=\"{file}\" slice={offset}:{offset + length})", handle, offset, length, ownsHandle: false);

        [Obsolete("Only for Lucene's pre-4.0 compound files, which this index never has.")]
        public override IndexInput OpenFullSlice() => OpenSlice("full-slice", 0, RandomAccess.GetLength(handle));

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                handle.Dispose();
            }
        }
    }

    private sealed class PositionalReadInput(string description, SafeFileHandle handle, long offset, long length, bool ownsHandle)
        : BufferedIndexInput(description, ReadSize)
    {
        private bool _isClone;

        public override long Length => length;

        public override object Clone()
        {
            var clone = (PositionalReadInput)base.Clone();
            clone._isClone = true;
            return clone;
        }

        protected override void ReadInternal(byte[] b, int offset1, int count)
        {
            var position = Position;
            if (position + count > length)
            {
                throw new EndOfStreamException($"read past EOF: {this}");
            }

            var target = b.AsSpan(offset1, count);
            var at = offset + position;
            while (!target.IsEmpty)
            {
                var read = RandomAccess.Read(handle, target, at);
                if (read <= 0)
                {
                    throw new EndOfStreamException($"read past EOF: {this} (at {at}, {target.Length} bytes left)");
                }

                target = target[read..];
                at += read;
            }
        }

        protected override void SeekInternal(long pos)
        {
            if (pos > length)
            {
                throw new EndOfStreamException($"seek past EOF: {this}");
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing && ownsHandle && !_isClone)
            {
                handle.Dispose();
            }
        }
    }
}
