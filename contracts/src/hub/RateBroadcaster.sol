// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {OApp, Origin, MessagingFee, MessagingReceipt} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/OApp.sol";
import {OAppOptionsType3} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/libs/OAppOptionsType3.sol";
import {ITrETH} from "../shared/interfaces/ITrETH.sol";
import {RateMessage} from "../shared/libraries/RateMessage.sol";
import {TwoStepOwnable} from "../shared/access/TwoStepOwnable.sol";

/// @title RateBroadcaster
/// @notice Sends the hub trETH rate to spoke RateReceivers over LayerZero. Anyone may trigger a
///         broadcast and pay its fee: the rate is read on chain, so a caller cannot choose it.
contract RateBroadcaster is OApp, OAppOptionsType3, TwoStepOwnable {
    /// @notice Message type for enforced options (the receive gas the spokes need).
    uint16 public constant MSG_RATE = 1;

    ITrETH public immutable trETH;
    /// @notice Number of broadcasts so far; each message carries the next one, so spokes can order them.
    uint64 public sequence;

    event RateBroadcast(uint32 indexed dstEid, uint256 rate, uint64 reportTime, uint64 sequence, bytes32 guid);

    /// @notice The hub only sends; a message addressed to it is refused.
    error RateBroadcaster_ReceiveNotSupported();

    constructor(ITrETH trETH_, address endpoint, address owner_) OApp(endpoint, owner_) Ownable(owner_) {
        trETH = trETH_;
    }

    /// @notice Fee to broadcast the current rate to `dstEid`.
    function quoteBroadcast(uint32 dstEid) external view returns (MessagingFee memory fee) {
        return _quote(dstEid, RateMessage.encode(trETH.getRate(), _reportTime(), sequence + 1), _options(dstEid), false);
    }

    /// @notice Sends the current rate to `dstEid`; pay at least `quoteBroadcast(dstEid)`, the excess is refunded.
    /// @dev The message carries the time of the hub's last oracle report, not the broadcast time:
    ///      re-sending an old rate must not make it look fresh on the spokes.
    function broadcast(uint32 dstEid) external payable returns (MessagingReceipt memory receipt) {
        uint256 rate = trETH.getRate();
        uint64 reportTime = _reportTime();
        uint64 next = ++sequence;
        receipt = _lzSend(
            dstEid,
            RateMessage.encode(rate, reportTime, next),
            _options(dstEid),
            MessagingFee(msg.value, 0),
            payable(msg.sender)
        );
        emit RateBroadcast(dstEid, rate, reportTime, next, receipt.guid);
    }

    function _reportTime() private view returns (uint64) {
        return uint64(trETH.lastReportTime());
    }

    /// @dev Callers pass no options of their own: the owner-set enforced options (receive gas) apply.
    function _options(uint32 dstEid) private view returns (bytes memory) {
        return enforcedOptions[dstEid][MSG_RATE];
    }

    function _lzReceive(Origin calldata, bytes32, bytes calldata, address, bytes calldata) internal pure override {
        revert RateBroadcaster_ReceiveNotSupported();
    }

    // ------------------------------------------------------------------ ownership (TwoStepOwnable)

    function transferOwnership(address newOwner) public override(Ownable, Ownable2Step) {
        super.transferOwnership(newOwner);
    }

    function _transferOwnership(address newOwner) internal override(Ownable, Ownable2Step) {
        super._transferOwnership(newOwner);
    }

    function renounceOwnership() public pure override(Ownable, TwoStepOwnable) {
        super.renounceOwnership();
    }
}
