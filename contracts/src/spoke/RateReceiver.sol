// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {OApp, Origin} from "@layerzerolabs/lz-evm-oapp-v2/contracts/oapp/OApp.sol";
import {IRateReceiver} from "../shared/interfaces/IRateReceiver.sol";
import {RateMessage} from "../shared/libraries/RateMessage.sol";

/// @title RateReceiver
/// @notice Spoke copy of the hub rate. Only the hub RateBroadcaster (the LayerZero peer for the
///         hub eid) can update it; OAppReceiver checks the endpoint and the peer.
contract RateReceiver is IRateReceiver, OApp {
    /// @dev One slot: read together on every spoke deposit.
    struct RateData {
        uint128 rate;
        uint64 reportTime;
        uint64 sequence;
    }

    RateData private _current;

    constructor(address endpoint, address owner_) OApp(endpoint, owner_) Ownable(owner_) {}

    /// @inheritdoc IRateReceiver
    function getRate() external view returns (uint256) {
        uint256 rate = _current.rate;
        if (rate == 0) revert RateReceiver_NoRate();
        return rate;
    }

    /// @inheritdoc IRateReceiver
    function lastUpdated() external view returns (uint256) {
        return _current.reportTime;
    }

    /// @inheritdoc IRateReceiver
    function sequence() external view returns (uint64) {
        return _current.sequence;
    }

    /// @inheritdoc IRateReceiver
    function rateAndUpdatedAt() external view returns (uint256 rate, uint256 updatedAt) {
        RateData memory current = _current;
        return (current.rate, current.reportTime);
    }

    function decimals() external pure returns (uint8) {
        return 18;
    }

    function description() external pure returns (string memory) {
        return "trETH / ETH exchange rate";
    }

    function version() external pure returns (uint256) {
        return 1;
    }

    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        RateData memory current = _current;
        if (current.rate == 0) revert RateReceiver_NoRate();
        return (current.sequence, int256(uint256(current.rate)), current.reportTime, current.reportTime, current.sequence);
    }

    function _lzReceive(Origin calldata, bytes32, bytes calldata message, address, bytes calldata) internal override {
        (uint256 rate, uint64 reportTime, uint64 seq) = RateMessage.decode(message);
        uint64 currentSequence = _current.sequence;
        // An old or duplicate update is dropped, not reverted, so it cannot jam the channel.
        if (seq <= currentSequence || rate == 0 || rate > type(uint128).max) {
            emit RateUpdateIgnored(rate, reportTime, seq, currentSequence);
            return;
        }
        // forge-lint: disable-next-line(unsafe-typecast) rate was checked to fit above
        _current = RateData(uint128(rate), reportTime, seq);
        emit RateUpdated(rate, reportTime, seq);
    }
}
