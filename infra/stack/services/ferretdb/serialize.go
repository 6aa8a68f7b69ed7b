package main

// FerretDB v1 executes update/findAndModify as "query the documents, then
// write them back" without a transaction, so two concurrent writers on the
// same document lose updates ($inc from two clients: 226 instead of 400;
// conditional "compare-and-set" updates both succeed). This front-end proxy
// restores the atomicity the project relies on by running every non-read
// command alone: it reads one wire-protocol message from the client, takes a
// process-wide mutex unless the command is known to be read-only, forwards
// the message to FerretDB over an in-process Unix socket, relays the single
// reply, then releases the mutex. Reads still run concurrently.

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"sync"
)

const (
	opQuery = 2004
	opMsg   = 2013

	flagChecksumPresent = 1 << 0
	flagMoreToCome      = 1 << 1

	// MongoDB's maxMessageSizeBytes is 48,000,000; leave headroom.
	maxMessageSize = 64 << 20
)

// readOnly lists commands that never modify data; everything else (including
// commands unknown here) is serialised, which is the safe default.
var readOnly = map[string]bool{
	"find": true, "getMore": true, "aggregate": true, "count": true, "distinct": true,
	"listCollections": true, "listIndexes": true, "listDatabases": true,
	"hello": true, "isMaster": true, "ismaster": true, "ping": true,
	"buildInfo": true, "buildinfo": true, "serverStatus": true, "hostInfo": true,
	"killCursors": true, "endSessions": true, "explain": true,
	"dbStats": true, "dbstats": true, "collStats": true, "collstats": true, "dataSize": true,
	"connectionStatus": true, "getParameter": true, "getCmdLineOpts": true, "getLog": true,
	"whatsmyuri": true, "listCommands": true, "saslStart": true, "saslContinue": true,
	"usersInfo": true, "currentOp": true, "getFreeMonitoringStatus": true,
}

type serializer struct {
	backend string // FerretDB's Unix socket address
	logger  *slog.Logger
	writeMu sync.Mutex
}

// serve accepts client connections until ln is closed.
func (s *serializer) serve(ctx context.Context, ln net.Listener) {
	var wg sync.WaitGroup
	defer wg.Wait()
	for {
		c, err := ln.Accept()
		if err != nil {
			if !errors.Is(err, net.ErrClosed) {
				s.logger.Error("accept failed", "err", err)
			}
			return
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.handle(ctx, c)
		}()
	}
}

func (s *serializer) handle(ctx context.Context, client net.Conn) {
	defer client.Close()
	var d net.Dialer
	backend, err := d.DialContext(ctx, "unix", s.backend)
	if err != nil {
		s.logger.Error("cannot reach embedded FerretDB", "err", err)
		return
	}
	defer backend.Close()

	// Closing both sockets on shutdown unblocks the reads below.
	stop := context.AfterFunc(ctx, func() { client.Close(); backend.Close() })
	defer stop()

	cr, br := bufio.NewReader(client), bufio.NewReader(backend)
	for {
		req, err := readMessage(cr)
		if err != nil {
			return // client went away or sent garbage
		}
		if err := s.roundTrip(req, backend, br, client); err != nil {
			if !errors.Is(err, io.EOF) && !errors.Is(err, net.ErrClosed) {
				s.logger.Warn("proxy round trip failed", "err", err)
			}
			return
		}
	}
}

// roundTrip forwards one request and relays FerretDB's reply. FerretDB v1
// answers every request exactly once (it ignores moreToCome), so the reply to
// a moreToCome request is read, to keep the stream in step, and dropped.
func (s *serializer) roundTrip(req []byte, backend net.Conn, br *bufio.Reader, client net.Conn) error {
	name, moreToCome := inspect(req)
	if !readOnly[name] {
		s.writeMu.Lock()
		defer s.writeMu.Unlock()
	}
	if _, err := backend.Write(req); err != nil {
		return err
	}
	reply, err := readMessage(br)
	if err != nil {
		return err
	}
	if moreToCome {
		return nil
	}
	_, err = client.Write(reply)
	return err
}

// readMessage reads one length-prefixed wire-protocol message.
func readMessage(r *bufio.Reader) ([]byte, error) {
	var hdr [16]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, err
	}
	n := int(int32(binary.LittleEndian.Uint32(hdr[:4])))
	if n < 16 || n > maxMessageSize {
		return nil, fmt.Errorf("bad message length %d", n)
	}
	msg := make([]byte, n)
	copy(msg, hdr[:])
	if _, err := io.ReadFull(r, msg[16:]); err != nil {
		return nil, err
	}
	return msg, nil
}

// inspect returns the command name of an OP_MSG (the first key of its body
// section) and whether the client expects no reply. Legacy OP_QUERY is only
// used by drivers for the initial handshake, so it is reported as "hello".
// Anything unparsable yields "" and is therefore serialised.
func inspect(msg []byte) (name string, moreToCome bool) {
	switch binary.LittleEndian.Uint32(msg[12:16]) {
	case opQuery:
		return "hello", false
	case opMsg:
	default:
		return "", false
	}
	if len(msg) < 21 {
		return "", false
	}
	flags := binary.LittleEndian.Uint32(msg[16:20])
	moreToCome = flags&flagMoreToCome != 0
	end := len(msg)
	if flags&flagChecksumPresent != 0 {
		end -= 4
	}
	for p := 20; p < end; {
		kind := msg[p]
		p++
		if p+4 > end {
			return "", moreToCome
		}
		size := int(int32(binary.LittleEndian.Uint32(msg[p : p+4])))
		if size < 5 || p+size > end {
			return "", moreToCome
		}
		if kind == 0 {
			// BSON document: int32 size, then type byte + NUL-terminated key.
			doc := msg[p : p+size]
			if doc[4] == 0 {
				return "", moreToCome
			}
			for i := 5; i < len(doc); i++ {
				if doc[i] == 0 {
					return string(doc[5:i]), moreToCome
				}
			}
			return "", moreToCome
		}
		p += size // kind 1: document sequence, size includes itself
	}
	return "", moreToCome
}
