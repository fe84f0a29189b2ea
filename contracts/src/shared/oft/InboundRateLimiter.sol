// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {OFTCore} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/OFTCore.sol";
import {OFTMsgCodec} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/libs/OFTMsgCodec.sol";
import {OFTComposeMsgCodec} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oft/libs/OFTComposeMsgCodec.sol";
import {Origin} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/OApp.sol";
import {IInboundRateLimiter} from "../interfaces/IInboundRateLimiter.sol";
import {Guardian} from "../access/Guardian.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

/// @title InboundRateLimiter
/// @notice Limits what each source chain can credit through this OFT per window, parking what
///         does not fit instead of reverting. Bounds a forged message (a compromised verifier
///         set or source chain) to one window's limit, and gives the guardian time to pause.
/// @dev One packed slot per source, so an unparked credit costs one storage read and one write.
///      The window decays linearly like LayerZero's RateLimiter, but what is in flight may exceed
///      the limit (a large credit released) and then takes amount/limit windows to decay; the
///      RateLimiter forgets everything after one window. Policy:
///      - a source with no limit (the default) parks every credit until the owner sets one: a
///        newly wired route cannot pay out unbounded, and nothing it sent is lost meanwhile;
///      - once a credit from a source is parked, later ones from it park behind it and are released
///        in order, so a steady stream of small credits never starves a large one;
///      - a credit larger than the whole limit is paid in installments of one limit, each once the
///        window is empty: what a source is paid never outruns the limit, so a forged credit of
///        any size pays one limit before the guardian can pause;
///      - while releases are paused every new credit parks, under the limit or not: the guardian
///        can stop the lockbox paying anything at once, and nothing is lost until the owner
///        unpauses (or cancels a forged credit).
abstract contract InboundRateLimiter is IInboundRateLimiter, OFTCore, Guardian {
    using OFTMsgCodec for bytes;
    using OFTMsgCodec for bytes32;
    using SafeCast for uint256;

    /// @dev A source's window, packed by hand into one word (`_loadWindow`/`_pack`): legacy
    ///      codegen reads and writes a packed storage struct member by member, which cost a credit
    ///      about 2k gas more. `paused` mirrors `releasesPaused` so the receive path reads one slot.
    struct Window {
        uint88 limit;
        uint88 inFlight;
        uint32 lastUpdated;
        uint32 window;
        bool backlog;
        bool paused;
    }

    /// @dev The release queue of one source: seq of the oldest waiting credit, next seq to assign,
    ///      and the running sum of amounts parked (shared decimals) for release-time estimates.
    struct Queue {
        uint64 head;
        uint64 tail;
        uint104 parkedSum;
    }

    /// @dev The bits of a packed window a credit leaves alone: the limit and the window length.
    uint256 private constant LIMIT_AND_WINDOW = type(uint88).max | uint256(type(uint32).max) << 208;
    /// @dev Source `srcEid`'s window word is at WINDOWS_SLOT + srcEid, an ERC-7201 namespace:
    ///      keccak256(abi.encode(uint256(keccak256("tributary.storage.InboundRateLimiterWindows")) - 1))
    ///      & ~bytes32(uint256(0xff)). A mapping would hash the eid twice on every credit.
    uint256 private constant WINDOWS_SLOT = 0x80f16be3acacc2769bf471b3f0a37c8b1723bdcad7e2b4128804aaca5b1cae00;

    bool public releasesPaused;
    /// @dev Every source ever given a limit, so a pause reaches each source's window.
    uint32[] internal inboundSources;
    mapping(uint32 srcEid => Queue) internal parkedQueues;
    mapping(uint32 srcEid => mapping(uint64 seq => bytes32 guid)) internal parkedGuids;
    mapping(bytes32 guid => ParkedCredit) internal parkedCredits;

    /// @inheritdoc IInboundRateLimiter
    function setInboundLimits(InboundLimitConfig[] calldata configs) external onlyOwner {
        for (uint256 i; i < configs.length; ++i) {
            InboundLimitConfig calldata config = configs[i];
            if (config.window == 0) revert InboundRateLimiter_ZeroWindow(config.srcEid);
            Window memory w = _loadWindow(config.srcEid);
            if (w.window == 0) inboundSources.push(config.srcEid);
            // Checkpoint what is in flight under the old limit so the new rate is not applied backwards.
            (uint256 inFlight,) = _capacity(w);
            _storeWindow(
                config.srcEid,
                Window(config.limit, uint88(inFlight), uint32(block.timestamp), config.window, w.backlog, releasesPaused)
            );
            emit InboundLimitSet(config.srcEid, config.limit, config.window);
        }
    }

    /// @inheritdoc IInboundRateLimiter
    function pauseReleases() external onlyGuardianOrOwner {
        _setPaused(true);
        emit ReleasesPaused(msg.sender);
    }

    /// @inheritdoc IInboundRateLimiter
    function unpauseReleases() external onlyOwner {
        _setPaused(false);
        emit ReleasesUnpaused();
    }

    /// @inheritdoc IInboundRateLimiter
    function releaseParked(bytes32 guid) external {
        if (releasesPaused) revert InboundRateLimiter_ReleasesPaused();
        ParkedCredit storage credit = parkedCredits[guid];
        if (credit.status != ParkedStatus.Parked) revert InboundRateLimiter_NotParked(guid, credit.status);
        uint32 srcEid = credit.srcEid;
        Queue storage queue = parkedQueues[srcEid];
        bytes32 next = parkedGuids[srcEid][queue.head];
        if (guid != next) revert InboundRateLimiter_NotNext(guid, next);

        Window memory w = _loadWindow(srcEid);
        (uint256 inFlight, uint256 canReceive) = _capacity(w);
        uint256 installmentLD = _toLD(_installmentSD(credit, w.limit));
        if (w.limit == 0 || canReceive < installmentLD || block.timestamp < uint256(credit.parkedAt) + w.window) {
            revert InboundRateLimiter_NotYetReleasable(guid, _releasableAt(guid, credit, queue, w, inFlight));
        }
        credit.paidSD += _installmentSD(credit, w.limit);
        bool last = credit.paidSD == credit.amountSD;
        if (last) credit.status = ParkedStatus.Released;
        _storeWindow(
            srcEid,
            Window(
                w.limit,
                _saturate(inFlight + installmentLD),
                uint32(block.timestamp),
                w.window,
                last ? _advance(srcEid, queue) : true,
                false
            )
        );
        _payInstallment(guid, credit, installmentLD, last);
    }

    /// @dev Pays one installment of a parked credit; the compose reports the whole credit, as
    ///      OFTCore's would, and goes with the last installment.
    function _payInstallment(bytes32 guid, ParkedCredit storage credit, uint256 installmentLD, bool last) private {
        uint32 srcEid = credit.srcEid;
        emit ParkedCreditReleased(guid, srcEid, credit.to, installmentLD, _toLD(credit.amountSD - credit.paidSD));
        bytes memory compose;
        if (last) {
            bytes memory composeMsg = credit.composeMsg;
            if (composeMsg.length != 0) {
                compose = OFTComposeMsgCodec.encode(credit.nonce, srcEid, _toLD(credit.amountSD), composeMsg);
            }
        }
        _deliver(guid, srcEid, credit.to, installmentLD, compose);
    }

    /// @dev What the next release of `credit` pays: what is left of it, at most one limit (shared
    ///      decimals, rounded down).
    function _installmentSD(ParkedCredit storage credit, uint256 limit) private view returns (uint64) {
        uint256 leftSD = credit.amountSD - credit.paidSD;
        uint256 limitSD = limit / decimalConversionRate;
        return uint64(leftSD < limitSD ? leftSD : limitSD);
    }

    /// @inheritdoc IInboundRateLimiter
    function cancelParked(bytes32 guid) external onlyOwner {
        ParkedCredit storage credit = parkedCredits[guid];
        if (credit.status != ParkedStatus.Parked) revert InboundRateLimiter_NotParked(guid, credit.status);
        credit.status = ParkedStatus.Cancelled;
        uint32 srcEid = credit.srcEid;
        Queue storage queue = parkedQueues[srcEid];
        if (parkedGuids[srcEid][queue.head] == guid) {
            Window memory w = _loadWindow(srcEid);
            w.backlog = _advance(srcEid, queue);
            _storeWindow(srcEid, w);
        }
        emit ParkedCreditCancelled(guid, srcEid, credit.to, _toLD(credit.amountSD - credit.paidSD));
    }

    /// @inheritdoc IInboundRateLimiter
    function inboundCapacity(uint32 srcEid)
        external
        view
        returns (uint256 limit, uint256 window, uint256 inFlight, uint256 canReceive, uint256 parkedCount)
    {
        Window memory w = _loadWindow(srcEid);
        (inFlight, canReceive) = _capacity(w);
        if (w.backlog || releasesPaused) canReceive = 0;
        Queue memory queue = parkedQueues[srcEid];
        // Cancelled credits behind the head still count until the head passes them.
        return (w.limit, w.window, inFlight, canReceive, queue.tail - queue.head);
    }

    /// @inheritdoc IInboundRateLimiter
    function parkedCredit(bytes32 guid) external view returns (ParkedCredit memory) {
        return parkedCredits[guid];
    }

    /// @inheritdoc IInboundRateLimiter
    function releasableAt(bytes32 guid) public view returns (uint256) {
        ParkedCredit storage credit = parkedCredits[guid];
        if (credit.status != ParkedStatus.Parked) return 0;
        Window memory w = _loadWindow(credit.srcEid);
        (uint256 inFlight,) = _capacity(w);
        return _releasableAt(guid, credit, parkedQueues[credit.srcEid], w, inFlight);
    }

    /// @inheritdoc IInboundRateLimiter
    function nextParked(uint32 srcEid) external view returns (bytes32) {
        Queue memory queue = parkedQueues[srcEid];
        return queue.head == queue.tail ? bytes32(0) : parkedGuids[srcEid][queue.head];
    }

    /// @dev OFTCore's receive, with the limit in front: a credit that fits is paid at once, any
    ///      other is parked with its compose message. The every-credit path works on the raw word
    ///      (see Window) and decodes only what it pays; the park path decodes the rest itself.
    function _lzReceive(
        Origin calldata origin_,
        bytes32 guid,
        bytes calldata message,
        address, /*executor*/
        bytes calldata /*extraData*/
    ) internal virtual override {
        uint256 amountLD = _toLD(message.amountSD());
        uint32 srcEid;
        // The Origin's first word (masked, though OAppReceiver's peer lookup has checked it fits):
        // Solidity's member read validates it again, about 100 gas.
        assembly ("memory-safe") {
            srcEid := and(calldataload(origin_), 0xffffffff)
        }
        // Scoped, so the delivery below has the stack to itself.
        {
            uint256 word;
            assembly ("memory-safe") {
                word := sload(add(WINDOWS_SLOT, srcEid))
            }
            // Cannot overflow: in flight is below 2^88, a credit below 2^64 * decimalConversionRate.
            uint256 inFlight;
            unchecked {
                inFlight = _inFlightNow(word) + amountLD;
            }
            // Bits 240 and up are the backlog and paused flags: either one parks.
            if (word >> 240 != 0 || inFlight > uint88(word)) return _park(origin_, guid, message, word);
            word = (word & LIMIT_AND_WINDOW) | inFlight << 88 | uint256(uint32(block.timestamp)) << 176;
            assembly ("memory-safe") {
                sstore(add(WINDOWS_SLOT, srcEid), word)
            }
        }
        address to = message.sendTo().bytes32ToAddress();
        // Left unallocated (empty) for a plain send.
        bytes memory compose;
        if (message.isComposed()) compose = OFTComposeMsgCodec.encode(origin_.nonce, srcEid, amountLD, message.composeMsg());
        _deliver(guid, srcEid, to, amountLD, compose);
    }

    /// @dev Parks a credit that does not fit `word`, its source's window.
    function _park(Origin calldata origin, bytes32 guid, bytes calldata message, uint256 word) private {
        address to = message.sendTo().bytes32ToAddress();
        uint64 amountSD = message.amountSD();
        Queue memory queue = parkedQueues[origin.srcEid];
        ParkedCredit storage credit = parkedCredits[guid];
        credit.to = to;
        credit.amountSD = amountSD;
        credit.srcEid = origin.srcEid;
        credit.parkedAt = uint32(block.timestamp);
        credit.nonce = origin.nonce;
        credit.status = ParkedStatus.Parked;
        credit.parkedBefore = uint256(queue.parkedSum).toUint88();
        if (message.isComposed()) credit.composeMsg = message.composeMsg();
        parkedGuids[origin.srcEid][queue.tail] = guid;
        queue.tail += 1;
        queue.parkedSum += amountSD;
        parkedQueues[origin.srcEid] = queue;
        // Bit 240 is the backlog flag.
        if ((word >> 240) & 1 == 0) _setWindowWord(origin.srcEid, word | 1 << 240);
        emit CreditParked(guid, origin.srcEid, to, _toLD(amountSD), releasableAt(guid));
    }

    /// @dev Pays the credit and queues its compose (`compose`: the OFT compose message, already
    ///      encoded with the amount, as OFTCore._lzReceive encodes it; empty for none).
    function _deliver(bytes32 guid, uint32 srcEid, address to, uint256 amountLD, bytes memory compose) private {
        uint256 received = _credit(to, amountLD, srcEid);
        if (compose.length != 0) endpoint.sendCompose(to, guid, 0, compose);
        emit OFTReceived(guid, srcEid, to, received);
    }

    /// @dev Moves the queue head past the credit at it and any cancelled or released behind it;
    ///      returns whether credits still wait.
    function _advance(uint32 srcEid, Queue storage queue) private returns (bool backlog) {
        uint64 head = queue.head + 1;
        uint64 tail = queue.tail;
        while (head < tail && parkedCredits[parkedGuids[srcEid][head]].status != ParkedStatus.Parked) ++head;
        queue.head = head;
        return head < tail;
    }

    /// @dev In flight is linear in time: the credit's next installment goes when what is in flight
    ///      now, plus what is still parked ahead of it, plus the installment, has decayed to the limit.
    function _releasableAt(
        bytes32 guid,
        ParkedCredit storage credit,
        Queue storage queue,
        Window memory w,
        uint256 inFlight
    ) private view returns (uint256 at) {
        if (w.limit == 0) return type(uint256).max;
        bytes32 headGuid = parkedGuids[credit.srcEid][queue.head];
        ParkedCredit storage head = parkedCredits[headGuid];
        // The head's installments paid so far are in flight already.
        uint256 aheadSD = credit.parkedBefore - head.parkedBefore - (guid == headGuid ? 0 : head.paidSD);
        uint256 need = inFlight + (aheadSD + _installmentSD(credit, w.limit)) * decimalConversionRate;
        at = need <= w.limit ? block.timestamp : block.timestamp + ((need - w.limit) * w.window + w.limit - 1) / w.limit;
        // Held one window from parking, whatever the window's room.
        uint256 heldUntil = uint256(credit.parkedAt) + w.window;
        if (at < heldUntil) at = heldUntil;
    }

    function _setPaused(bool paused) private {
        releasesPaused = paused;
        uint256 count = inboundSources.length;
        for (uint256 i; i < count; ++i) {
            Window memory w = _loadWindow(inboundSources[i]);
            w.paused = paused;
            _storeWindow(inboundSources[i], w);
        }
    }

    function _windowWord(uint32 srcEid) private view returns (uint256 word) {
        assembly ("memory-safe") {
            word := sload(add(WINDOWS_SLOT, srcEid))
        }
    }

    function _setWindowWord(uint32 srcEid, uint256 word) private {
        assembly ("memory-safe") {
            sstore(add(WINDOWS_SLOT, srcEid), word)
        }
    }

    function _loadWindow(uint32 srcEid) private view returns (Window memory) {
        uint256 word = _windowWord(srcEid);
        return Window(
            uint88(word),
            uint88(word >> 88),
            uint32(word >> 176),
            uint32(word >> 208),
            (word >> 240) & 1 == 1,
            (word >> 241) & 1 == 1
        );
    }

    function _storeWindow(uint32 srcEid, Window memory w) private {
        _setWindowWord(srcEid, _pack(w));
    }

    function _pack(Window memory w) private pure returns (uint256) {
        return uint256(w.limit) | uint256(w.inFlight) << 88 | uint256(w.lastUpdated) << 176 | uint256(w.window) << 208
            | (w.backlog ? 1 << 240 : 0) | (w.paused ? 1 << 241 : 0);
    }

    /// @dev What is still in flight now, and what a credit may be to pass.
    function _capacity(Window memory w) private view returns (uint256 inFlight, uint256 canReceive) {
        inFlight = _inFlightNow(_pack(w));
        canReceive = w.limit > inFlight ? w.limit - inFlight : 0;
    }

    /// @dev What is in flight now from a packed window: linear decay at limit per window; an
    ///      unconfigured source (window 0) has nothing in flight.
    function _inFlightNow(uint256 word) private view returns (uint256) {
        uint256 window = uint32(word >> 208);
        if (window == 0) return 0;
        // Cannot overflow: the limit is below 2^88 and lastUpdated is an earlier block.timestamp.
        unchecked {
            uint256 decay = uint88(word) * (block.timestamp - uint32(word >> 176)) / window;
            uint256 inFlight = uint88(word >> 88);
            return inFlight > decay ? inFlight - decay : 0;
        }
    }

    function _saturate(uint256 amount) private pure returns (uint88) {
        return amount > type(uint88).max ? type(uint88).max : uint88(amount);
    }
}
